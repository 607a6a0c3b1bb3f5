namespace MindMuscle.Live.Hub.ReadOnly;

/// <summary>
/// <c>--read-only</c> (or <c>MML_READ_ONLY</c>, or <c>Hub:ReadOnly</c>): the hub serves an existing recording for review
/// and changes nothing in it. Read from configuration before the container exists, because it decides what is
/// registered (no recorder writer, no alert ticks, the write refusals).
/// </summary>
internal static class ReadOnlyMode
{
    public const string Flag = "--read-only";
    public const string EnvironmentVariable = "MML_READ_ONLY";
    public const string CommandLineKey = "read-only";

    /// <summary>
    /// A bare <c>--read-only</c> becomes <c>--read-only=true</c>: the command-line configuration reads <c>--key value</c>
    /// pairs and would otherwise take the next option as its value.
    /// </summary>
    public static string[] NormalizeArgs(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var next = i + 1 < args.Length ? args[i + 1] : null;
            if (string.Equals(args[i], Flag, StringComparison.Ordinal) && (next is null || next.StartsWith('-') || !IsBool(next)))
            {
                result.Add(Flag + "=true");
            }
            else
            {
                result.Add(args[i]);
            }
        }

        return [.. result];
    }

    /// <summary>Whether read-only is asked for; a value that is not a yes or a no fails the start, naming the setting.</summary>
    public static bool IsOn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Parse(configuration[CommandLineKey], Flag)
            || Parse(configuration[EnvironmentVariable], EnvironmentVariable)
            || Parse(configuration[$"{HubOptions.Section}:{nameof(HubOptions.ReadOnly)}"], $"{HubOptions.Section}:{nameof(HubOptions.ReadOnly)}");
    }

    private static bool IsBool(string value) => value is "true" or "false" or "1" or "0" or "True" or "False" or "yes" or "no";

    private static bool Parse(string? value, string setting) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" => false,
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new InvalidOperationException($"{setting} is '{value}'; use true or false (or the bare flag {Flag})"),
    };
}
