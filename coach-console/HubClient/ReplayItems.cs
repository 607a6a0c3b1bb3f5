using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>
/// Turns one item of the hub's <c>Replay</c> stream into live events. The item names its kind either as a property
/// holding the payload (<c>{"samples": frame}</c>, <c>{"alert": …}</c>, <c>{"alertCleared": …}</c>,
/// <c>{"cueUpdate": …}</c>, <c>{"runnerStatus": …}</c>, <c>{"marker": …}</c>, <c>{"sample": …, "runnerId": …}</c>) or as a discriminator
/// (<c>{"kind"|"type": "samples", "data"|"payload"|"frame": …}</c>). Unknown kinds are skipped, never fatal.
/// </summary>
internal static class ReplayItems
{
    private static readonly string[] PayloadNames = ["sample", "alert", "cue", "data", "payload", "frame", "value", "item"];

    public static IReadOnlyList<LiveEvent> Parse(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var kind = Text(item, "kind") ?? Text(item, "type");
        if (kind is not null)
        {
            // The hub's ReplayEvent: {"kind": "sample|alert|alertCleared|cue", "at", "offsetMs", "runnerId", "sample"|"alert"|"cue": {...}}.
            var payload = new[] { kind }.Concat(PayloadNames).Select(n => item.TryGetProperty(n, out var p) ? p : default)
                .FirstOrDefault(p => p.ValueKind == JsonValueKind.Object);
            return payload.ValueKind == JsonValueKind.Object ? FromKind(kind, payload, item) : FromKind(kind, item, item);
        }

        foreach (var property in item.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                var events = FromKind(property.Name, property.Value, item);
                if (events.Count > 0)
                {
                    return events;
                }
            }
        }

        return [];
    }

    private static List<LiveEvent> FromKind(string kind, JsonElement payload, JsonElement item)
    {
        var events = new List<LiveEvent>(2);
        if (item.TryGetProperty("at", out var at) && at.TryGetInt64(out var atMs) && atMs > 0)
        {
            events.Add(new ReplayPosition(atMs,
                item.TryGetProperty("offsetMs", out var offset) && offset.TryGetInt64(out var offsetMs) ? offsetMs : null));
        }

        switch (kind.ToUpperInvariant())
        {
            case "SAMPLES":
            case "FRAME":
                var frame = payload.Deserialize<SamplesFrame>(CoachJson.Options);
                if (frame is not null)
                {
                    events.Add(new SamplesReceived(frame));
                    var last = frame.Runners.SelectMany(r => r.Samples).Select(s => s.ObservedAt).DefaultIfEmpty().Max();
                    AddPosition(events, last);
                }

                break;
            case "SAMPLE":
                var sample = payload.Deserialize<MetricSample>(CoachJson.Options);
                var runnerId = Text(item, "runnerId") ?? Text(payload, "runnerId");
                if (sample is not null && runnerId is not null)
                {
                    events.Add(new SamplesReceived(new SamplesFrame { Runners = [new RunnerSamples { RunnerId = runnerId, Samples = [sample] }] }));
                    AddPosition(events, sample.ObservedAt);
                }

                break;
            case "ALERT":
            case "ALERTRAISED":
                var alert = payload.Deserialize<FormAlert>(CoachJson.Options);
                if (alert is not null)
                {
                    events.Add(alert.ClearedAt is null ? new AlertRaised(alert) : new AlertCleared(alert));
                    AddPosition(events, alert.ClearedAt ?? alert.StartedAt);
                }

                break;
            case "ALERTCLEARED":
                var cleared = payload.Deserialize<FormAlert>(CoachJson.Options);
                if (cleared is not null)
                {
                    events.Add(new AlertCleared(cleared));
                    AddPosition(events, cleared.ClearedAt ?? cleared.StartedAt);
                }

                break;
            case "CUE":
            case "CUEUPDATE":
                var cue = payload.Deserialize<CueUpdate>(CoachJson.Options);
                if (cue is not null)
                {
                    events.Add(new CueUpdated(cue));
                    AddPosition(events, cue.At != 0 ? cue.At : cue.IssuedAt);
                }

                break;
            case "RUNNERSTATUS":
            case "STATUS":
                var status = payload.Deserialize<RunnerStatusUpdate>(CoachJson.Options);
                if (status is not null)
                {
                    events.Add(new RunnerStatusChanged(status));
                    AddPosition(events, status.At);
                }

                break;
            case "MARKER":
            case "MARKERADDED":
                var marker = payload.Deserialize<SessionMarker>(CoachJson.Options);
                if (marker is not null)
                {
                    events.Add(new MarkerReceived(marker));
                    AddPosition(events, marker.At);
                }

                break;
        }

        return events;
    }

    private static void AddPosition(List<LiveEvent> events, long at)
    {
        if (at > 0 && !events.Exists(e => e is ReplayPosition))
        {
            events.Add(new ReplayPosition(at));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
