namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>How long a test waits for one awaited step against a hub.</summary>
public static class HubTimeouts
{
    /// <summary>Per awaited step: generous, because CI runs on a loaded 2-core machine (passing tests never wait it out).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
}
