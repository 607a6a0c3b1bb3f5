using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>Coach senders over a test coach, and the numbered samples the fan-out tests feed them.</summary>
internal static class TestCoachSenders
{
    /// <summary>
    /// A sender to <paramref name="client"/> on a fake clock unless given one; its sends time out after 30 s and abort
    /// after 60 s, beyond any test step, so a loaded machine does not trip them. <paramref name="configure"/> sets the rest.
    /// </summary>
    public static CoachSender Create(
        ICoachClient client, Action<HubOptions>? configure = null, TimeProvider? time = null, string connectionId = "conn",
        string sessionId = "session", bool packed = false)
    {
        var options = new HubOptions { CoachSendTimeout = TimeSpan.FromSeconds(30), CoachAbortAfter = TimeSpan.FromSeconds(60) };
        configure?.Invoke(options);
        return new CoachSender(
            connectionId, sessionId, () => client, options, new HubMetrics(new TestMeterFactory()), time ?? new FakeTimeProvider(),
            NullLogger.Instance, () => { })
        { Packed = packed };
    }

    /// <summary><paramref name="count"/> samples numbered from <paramref name="firstSeq"/>, 1 ms apart.</summary>
    public static MetricSample[] Samples(long firstSeq, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new MetricSample { Seq = firstSeq + i, ObservedAt = 1000 + i })];
}
