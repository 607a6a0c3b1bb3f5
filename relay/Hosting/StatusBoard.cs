using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>Collects what the runner's status line shows: hub link, outbox, sensors, cues.</summary>
internal sealed class StatusBoard(IOutbox outbox, SpeechQueue speech, TimeProvider time)
{
    private readonly ConcurrentDictionary<int, (string Name, RunnerUplink Uplink)> _runners = new();
    private readonly ConcurrentDictionary<(int, SensorKind), SensorStatusChanged> _sensors = new();

    public bool SourceEnded { get; set; }

    /// <summary>Raised for every sensor change the board takes (<c>--json</c> prints them).</summary>
    public event EventHandler<SensorStatusChanged>? SensorChanged;

    public void AddRunner(string name, RunnerUplink uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        _runners[uplink.RunnerIndex] = (name, uplink);
    }

    public void OnSensor(SensorStatusChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _sensors[(change.RunnerIndex, change.Sensor)] = change;
        SensorChanged?.Invoke(this, change);
    }

    public RelayStatus Snapshot()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // ToArray first: a ConcurrentDictionary snapshot. Ordering it live lets LINQ size the result from Count while
        // runners are still being added at start-up, and the status reporter then crashed the relay (IndexOutOfRange).
        var runners = _runners.ToArray().OrderBy(r => r.Key).Select(r =>
        {
            var uplink = r.Value.Uplink.Status;
            var stats = outbox.GetStats(r.Key);
            return new RunnerStatusLine
            {
                Index = r.Key,
                Name = r.Value.Name,
                RunnerId = uplink.RunnerId,
                Hub = uplink.State,
                OutboxPending = stats.Pending,
                LastSeq = stats.LastSeq,
                AckedSeq = stats.AckedSeq,
                LastAckAgoMs = uplink.LastAckAt == 0 ? null : now - uplink.LastAckAt,
                Refused = stats.Refused,
                RefusedByHub = stats.DeadLettered,
                RefusedByHubReason = stats.DeadLetterReason,
                RateLimited = uplink.RateLimited,
                ClockOffsetMs = uplink.ClockOffsetMs,
                LastError = uplink.LastError,
                UnreachableSince = uplink.UnreachableSince?.ToUnixTimeMilliseconds(),
                UnreachableReason = uplink.UnreachableReason,
                RetryInMs = uplink.NextAttemptAt is { } next ? Math.Max(0, next.ToUnixTimeMilliseconds() - now) : null,
                Sensors = _sensors.Values.Where(s => s.RunnerIndex == r.Key).OrderBy(s => s.Sensor)
                    .Select(s => new SensorLine(s.Sensor, s.State, s.DeviceName, s.BatteryPct, s.Nulled)).ToArray(),
            };
        }).ToArray();
        var cues = speech.Stats;
        return new RelayStatus
        {
            At = now,
            Runners = runners,
            CuesHeard = cues.Heard,
            CuesSpoken = cues.Spoken,
            CuesExpired = cues.Expired,
            CuesDropped = cues.Dropped,
            LastCue = cues.LastSpoken,
            SourceEnded = SourceEnded,
        };
    }

    /// <summary>
    /// One line: every runner in detail when there is one, a summary when there are several. While the hub is out of reach
    /// the line says why, since when (in <paramref name="zone"/>, UTC by default) and when the next try is.
    /// </summary>
    public static string Format(RelayStatus status, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        zone ??= TimeZoneInfo.Utc;
        var sb = new StringBuilder();
        if (status.Runners.Length == 0)
        {
            return "relay starting";
        }

        if (status.Runners.Length == 1)
        {
            var r = status.Runners[0];
            if (Outage(r, zone) is { } outage)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{r.Name}: {outage} | {r.OutboxPending} readings kept, seq {r.LastSeq}, acked {r.AckedSeq}");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"{r.Name}: hub {Name(r)}");
                sb.Append(CultureInfo.InvariantCulture, $" | outbox {r.OutboxPending} pending, seq {r.LastSeq}, acked {r.AckedSeq}");
            }

            sb.Append(r.LastAckAgoMs is { } ago ? string.Create(CultureInfo.InvariantCulture, $" ({ago / 1000.0:0.0}s ago)") : " (no ack yet)");
            if (r.Refused > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $" | OUTBOX FULL: {r.Refused} readings refused");
            }

            if (r.RefusedByHub > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $" | {r.RefusedByHub} readings refused by the hub: {r.RefusedByHubReason}");
            }

            if (r.RateLimited > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $" | hub rate-limited {r.RateLimited} publishes (paced, nothing lost)");
            }

            sb.Append(" | ");
            sb.Append(r.Sensors.Length == 0
                ? "no sensors yet"
                : string.Join(", ", r.Sensors.Select(s =>
                    $"{Short(s.Sensor)} {s.State.ToString().ToLowerInvariant()}{(s.BatteryPct is { } b ? $" {b}%" : "")}{(s.Nulled > 0 ? $" ({s.Nulled} implausible, sent null)" : "")}")));
        }
        else
        {
            var connected = status.Runners.Count(r => r.Hub == UplinkState.Connected);
            var pending = status.Runners.Sum(r => r.OutboxPending);
            var refused = status.Runners.Sum(r => r.Refused);
            var sensors = status.Runners.SelectMany(r => r.Sensors).ToList();
            var outage = connected == 0
                ? status.Runners.Where(r => r.UnreachableSince is not null).OrderBy(r => r.UnreachableSince).Select(r => Outage(r, zone)).FirstOrDefault()
                : null;
            if (outage is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{status.Runners.Length} runners: {outage} | {pending} readings kept");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"{status.Runners.Length} runners: hub {connected}/{status.Runners.Length} connected");
                sb.Append(CultureInfo.InvariantCulture, $" | outbox {pending} pending");
            }

            sb.Append(CultureInfo.InvariantCulture, $", acked {status.Runners.Sum(r => r.AckedSeq)}");
            if (refused > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $" | OUTBOX FULL: {refused} readings refused");
            }

            if (status.Runners.Where(r => r.RefusedByHub > 0).ToArray() is { Length: > 0 } refusing)
            {
                // The latest reason of the first such runner: the listing (relay dead-letters) has every one.
                sb.Append(CultureInfo.InvariantCulture, $" | {refusing.Sum(r => r.RefusedByHub)} readings refused by the hub: {refusing[0].RefusedByHubReason}");
            }

            var rateLimited = status.Runners.Sum(r => r.RateLimited);
            if (rateLimited > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $" | hub rate-limited {rateLimited} publishes (paced, nothing lost)");
            }

            sb.Append(CultureInfo.InvariantCulture, $" | sensors {sensors.Count(s => s.State == SensorState.Connected)}/{sensors.Count} connected");
            var nulled = sensors.Sum(s => s.Nulled);
            if (nulled > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $", {nulled} implausible readings sent null");
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $" | cues {status.CuesHeard} heard, {status.CuesSpoken} spoken");
        if (status.CuesExpired + status.CuesDropped > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $", {status.CuesExpired} expired, {status.CuesDropped} dropped");
        }

        if (status.LastCue is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $", last \"{status.LastCue}\"");
        }

        return sb.ToString();
    }

    /// <summary>"hub unreachable since 21:14:03 (connection refused) | retrying in 8 s", or null while the hub is reachable.</summary>
    private static string? Outage(RunnerStatusLine r, TimeZoneInfo zone)
    {
        if (r.UnreachableSince is not { } since || r.Hub is UplinkState.Connected or UplinkState.Rejected)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(since), zone);
        var line = string.Create(CultureInfo.InvariantCulture, $"hub unreachable since {local:HH:mm:ss} ({r.UnreachableReason ?? "no answer"})");
        return r.RetryInMs switch
        {
            null => line,
            <= 0 => line + " | retrying now",
            { } ms => line + string.Create(CultureInfo.InvariantCulture, $" | retrying in {(ms + 999) / 1000} s"),
        };
    }

    private static string Name(RunnerStatusLine r) =>
        r.Hub == UplinkState.Rejected && r.LastError is not null ? $"refused the join: {r.LastError}" : r.Hub.ToString().ToLowerInvariant();

    private static string Short(SensorKind kind) => kind switch
    {
        SensorKind.HeartRate => "HR",
        SensorKind.Footpod => "footpod",
        SensorKind.Power => "power",
        _ => kind.ToString(),
    };
}
