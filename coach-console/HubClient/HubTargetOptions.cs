using System.CommandLine;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>
/// The options every hub-facing command shares: <c>--hub</c>, <c>--coach-key</c>, <c>--token</c>, each falling back to
/// <c>MML_HUB</c>, <c>MML_COACH_KEY</c>, <c>MML_COACH_TOKEN</c>.
/// </summary>
internal sealed class HubTargetOptions
{
    public const string HubVariable = "MML_HUB";
    public const string CoachKeyVariable = "MML_COACH_KEY";
    public const string TokenVariable = "MML_COACH_TOKEN";

    public Option<Uri> Hub { get; } = new("--hub")
    {
        Description = $"Hub base URL (env {HubVariable}; default {HubTarget.DefaultHubUrl})",
        Recursive = true,
        CustomParser = result => ParseUri(result.Tokens.Count > 0 ? result.Tokens[0].Value : null, "--hub", result),
        DefaultValueFactory = result => ParseUri(Environment.GetEnvironmentVariable(HubVariable), HubVariable, result),
    };

    public Option<string?> CoachKey { get; } = new("--coach-key")
    {
        Description = $"The hub's coach key (env {CoachKeyVariable})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(CoachKeyVariable),
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"A coach token for the session (env {TokenVariable})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Hub);
        command.Options.Add(CoachKey);
        command.Options.Add(Token);
    }

    public HubTarget Resolve(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new HubTarget
        {
            HubUrl = parseResult.GetValue(Hub) ?? HubTarget.DefaultHubUrl,
            CoachKey = Blank(parseResult.GetValue(CoachKey)),
            Token = Blank(parseResult.GetValue(Token)),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The hub URL from <paramref name="setting"/> (the option or the variable), which an error names.</summary>
    private static Uri ParseUri(string? text, string setting, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return HubTarget.DefaultHubUrl;
        }

        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"{setting}: '{text}' is not an http(s) URL, e.g. {HubTarget.DefaultHubUrl}");
        return HubTarget.DefaultHubUrl;
    }
}
