namespace MindMuscle.Live.TestKit.Servers;

/// <summary>
/// A real part a test needs (a server binary, a tool, the Release build) is not here. On a developer machine the test
/// is skipped with the reason (which says how to install the part); under CI it fails, so a CI machine without the
/// part cannot pass by skipping every test that needs it.
/// </summary>
public static class MissingPart
{
    /// <summary>True when the CI variable is set to anything but empty, "0" or "false" (as scripts/install-deps.sh reads it).</summary>
    public static bool InCi { get; } = IsCi(Environment.GetEnvironmentVariable("CI"));

    public static bool IsCi(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim() != "0" && !value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Does nothing when <paramref name="reason"/> is null; else skips the calling test, or fails it under CI.</summary>
    public static void SkipOrFail(string? reason) => SkipOrFail(reason, InCi);

    public static void SkipOrFail(string? reason, bool ci)
    {
        if (reason is null)
        {
            return;
        }

        if (ci)
        {
            Assert.Fail($"{reason} (CI is set: a missing part fails the test instead of skipping it.)");
        }

        Assert.Skip(reason);
    }
}
