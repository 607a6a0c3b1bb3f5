namespace MindMuscle.Live.Faults.Tests.Support;

/// <summary>MML_LONG_TESTS=1 switches the suite to its long variants (more inputs, longer faults).</summary>
internal static class LongTests
{
    public static bool Enabled => Environment.GetEnvironmentVariable("MML_LONG_TESTS") == "1";
}
