using MindMuscle.Live.Core.Alerts.Internal;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>sensorLost</c>: a sensor that has reported (heart-rate strap, footpod, power pod, or the whole relay) is silent for
/// <c>sensorLostSeconds</c>; clears when every sensor that has reported is back. Coach only.
/// </summary>
/// <remarks>
/// Judged on silence rather than on readings: before each sample (a gap raises at the instant it became one, whether or
/// not a tick saw it live, so a replay says the same as the live run) and on every tick.
/// </remarks>
public sealed class SensorLostRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.SensorLost;

    public override string Name => "sensorLost";

    public override string Label => "sensor";

    public override string ChartColor => "#808080";

    public override bool IsSpoken => false;

    internal override double MinDurationSeconds => Settings.SensorLostSeconds;

    internal long SilenceMs => EngineConfig.Ms(Settings.SensorLostSeconds);

    internal override RuleRunner CreateRunner(EngineConfig config) => new Sensors(this);

    internal override RuleVerdict Judge(RunnerTracker runner) => default;

    internal override AlertDraft Describe(RunnerTracker runner, long forMs) => throw new InvalidOperationException("sensorLost is raised by its runner");

    /// <summary>When each sensor last reported, per runner.</summary>
    private sealed class Sensors(SensorLostRule rule) : RuleRunner(rule)
    {
        private const int HeartRate = 0;
        private const int Footpod = 1;
        private const int Power = 2;
        private const int Any = 3;
        private static readonly string[] Names = ["heart-rate strap", "footpod", "power pod"];

        private readonly long[] _seenAt = [long.MinValue, long.MinValue, long.MinValue, long.MinValue];

        public override void BeforeReadings(RunnerTracker runner, MetricSample sample, long t, ICollection<AlertEvent> events)
        {
            CheckSilence(runner, t, events);
            Note(sample, t);
            if (IsOpen && SilentSince(t) == long.MaxValue)
            {
                runner.Clear(ref State, t, cooldownMs: 0, events);
            }
        }

        public override void Evaluate(RunnerTracker runner, long t, ICollection<AlertEvent> events)
        {
        }

        public override long Tick(RunnerTracker runner, long nowMs, ICollection<AlertEvent> events) => CheckSilence(runner, nowMs, events);

        /// <summary>Raises when a sensor that has reported is silent as of <paramref name="nowMs"/>; returns the alert's start or MinValue.</summary>
        private long CheckSilence(RunnerTracker runner, long nowMs, ICollection<AlertEvent> events)
        {
            if (IsOpen)
            {
                return long.MinValue;
            }

            var silentSince = SilentSince(nowMs);
            if (silentSince == long.MaxValue)
            {
                return long.MinValue;
            }

            var startedAt = Math.Max(silentSince + rule.SilenceMs, runner.LastEventAt);
            runner.Raise(ref State, rule.Kind, startedAt, new AlertDraft(null, null, AlertSeverity.Warning, Message(nowMs)), events);
            return startedAt;
        }

        /// <summary>The earliest last-seen time among sensors silent for the sensorLost time; MaxValue when none.</summary>
        private long SilentSince(long nowMs)
        {
            var since = long.MaxValue;
            foreach (var seen in _seenAt)
            {
                if (seen != long.MinValue && nowMs - seen >= rule.SilenceMs)
                {
                    since = Math.Min(since, seen);
                }
            }

            return since;
        }

        private void Note(MetricSample sample, long t)
        {
            if (sample.HeartRateBpm is not null || sample.RrIntervalsMs is not null || sample.SensorContact is not null)
            {
                _seenAt[HeartRate] = t;
            }

            if (sample.CadenceSpm is not null || sample.SpeedMps is not null || sample.StrideLengthM is not null
                || sample.GroundContactMs is not null || sample.VerticalOscillationCm is not null || sample.GctBalanceLeftPct is not null)
            {
                _seenAt[Footpod] = t;
            }

            if (sample.PowerW is not null)
            {
                _seenAt[Power] = t;
            }

            // A sample with none of these (battery only) still proves the relay is there.
            _seenAt[Any] = t;
        }

        private string Message(long nowMs)
        {
            var silenceMs = rule.SilenceMs;
            var silent = new List<string>(3);
            for (var i = 0; i < Names.Length; i++)
            {
                if (_seenAt[i] != long.MinValue && nowMs - _seenAt[i] >= silenceMs)
                {
                    silent.Add(Names[i]);
                }
            }

            return silent.Count == 0 || _seenAt[Any] <= nowMs - silenceMs
                ? F($"No data from the runner for {silenceMs / 1000.0:0} s")
                : F($"No data from the {string.Join(" and ", silent)} for {silenceMs / 1000.0:0} s");
        }
    }
}
