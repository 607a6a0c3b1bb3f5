using System.Globalization;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// Reads scenario JSON by hand (no reflection-based serializer: core is AOT-compatible) so that every mistake gets a
/// message naming the event and the field. Unknown fields are errors: a typo must not silently do nothing.
/// </summary>
internal static class ScenarioParser
{
    public static Scenario Parse(string json, string fallbackName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ScenarioException($"Scenario '{fallbackName}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException($"Scenario '{fallbackName}': the top level must be an object.");
            }

            var name = fallbackName;
            var description = "";
            var duration = TimeSpan.FromMinutes(20);
            var profile = RunnerProfile.Default;
            var events = new List<ScenarioEvent>();
            foreach (var property in root.EnumerateObject())
            {
                var where = $"Scenario '{name}'";
                switch (property.Name)
                {
                    case "name": name = String(property.Value, where, "name"); break;
                    case "description": description = String(property.Value, where, "description"); break;
                    case "duration": duration = Duration(property.Value, where, "duration"); break;
                    case "runner": profile = Profile(property.Value, where); break;
                    case "events":
                        if (property.Value.ValueKind != JsonValueKind.Array)
                        {
                            throw new ScenarioException($"{where}: \"events\" must be an array.");
                        }

                        var index = 0;
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            events.AddRange(Event(item, $"{where}, event {index}", profile));
                            index++;
                        }

                        break;
                    default: throw new ScenarioException($"{where}: unknown field \"{property.Name}\" (expected name, description, duration, runner, events).");
                }
            }

            if (duration <= TimeSpan.Zero)
            {
                throw new ScenarioException($"Scenario '{name}': duration must be positive.");
            }

            return new Scenario
            {
                Name = name,
                Description = description,
                Duration = duration,
                Profile = profile,
                Events = [.. events.OrderBy(e => e.At)],
            };
        }
    }

    private static RunnerProfile Profile(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException($"{where}: \"runner\" must be an object.");
        }

        var p = RunnerProfile.Default;
        foreach (var property in element.EnumerateObject())
        {
            var v = property.Value;
            var field = "runner." + property.Name;
            p = property.Name switch
            {
                "speed" => p with { SpeedMps = Positive(v, where, field) },
                "pace" => p with { SpeedMps = 1000 / PaceSeconds(v, where, field) },
                "cadence" => p with { CadenceSpm = Positive(v, where, field) },
                "massKg" => p with { MassKg = Positive(v, where, field) },
                "hr" => p with { HeartRateAtBaseBpm = Positive(v, where, field) },
                "restingHr" => p with { RestingHeartRateBpm = Positive(v, where, field) },
                "maxHr" => p with { MaxHeartRateBpm = Positive(v, where, field) },
                "startHr" => p with { StartHeartRateBpm = Positive(v, where, field) },
                "drift" => p with { CardiacDriftBpmPerMinute = Number(v, where, field) },
                "vo" => p with { VerticalOscillationCm = Positive(v, where, field) },
                "gct" => p with { GroundContactMs = Positive(v, where, field) },
                "balanceLeft" => p with { GctBalanceLeftPct = Balance(v, where, field) },
                "batteryHr" => p with { HeartStrapBatteryPct = Battery(v, where, field) },
                "batteryFootpod" => p with { FootpodBatteryPct = Battery(v, where, field) },
                "batteryPower" => p with { PowerPodBatteryPct = Battery(v, where, field) },
                "batteryDrain" => p with { BatteryDrainPctPerHour = Number(v, where, field) },
                _ => throw new ScenarioException($"{where}: unknown field \"{field}\"."),
            };
        }

        return p;
    }

    private static List<ScenarioEvent> Event(JsonElement element, string where, RunnerProfile profile)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException($"{where}: an event must be an object.");
        }

        TimeSpan? at = null;
        TimeSpan over = TimeSpan.Zero;
        TimeSpan? hold = null, drop = null;
        string? label = null;
        RunnerSensor? sensor = null;
        double? battery = null;
        bool? contact = null;
        List<AlertKind>? expect = null;
        JsonElement? intervals = null;
        var changes = new Dictionary<ScenarioMetric, MetricChange>();
        foreach (var property in element.EnumerateObject())
        {
            var v = property.Value;
            var field = property.Name;
            switch (field)
            {
                case "at": at = Duration(v, where, field); break;
                case "over": over = Duration(v, where, field); break;
                case "for": hold = Duration(v, where, field); break;
                case "label": label = String(v, where, field); break;
                case "cadence": changes[ScenarioMetric.Cadence] = Change(v, where, field); break;
                case "stride": changes[ScenarioMetric.Stride] = Change(v, where, field); break;
                case "speed": changes[ScenarioMetric.Speed] = Change(v, where, field); break;
                case "pace": changes[ScenarioMetric.Speed] = PaceChange(v, where, field); break;
                case "vo": changes[ScenarioMetric.VerticalOscillation] = Change(v, where, field); break;
                case "gct": changes[ScenarioMetric.GroundContact] = Change(v, where, field); break;
                case "hr": changes[ScenarioMetric.HeartRate] = Change(v, where, field); break;
                case "balanceLeft": changes[ScenarioMetric.BalanceLeft] = MetricChange.Absolute(Balance(v, where, field)); break;
                case "sensor": sensor = Sensor(v, where); break;
                case "drop": drop = Duration(v, where, field); break;
                case "battery": battery = Battery(v, where, field); break;
                case "contact":
                    contact = v.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new ScenarioException($"{where}: \"contact\" must be true or false."),
                    };
                    break;
                case "expect": expect = Expect(v, where); break;
                case "intervals": intervals = v; break;
                default:
                    throw new ScenarioException(
                        $"{where}: unknown field \"{field}\" (expected at, over, for, label, cadence, stride, speed, pace, vo, gct, hr, " +
                        "balanceLeft, sensor, drop, battery, contact, expect, intervals).");
            }
        }

        if (at is not { } start)
        {
            throw new ScenarioException($"{where}: \"at\" is required (e.g. \"06:00\").");
        }

        if (drop is not null && sensor is null)
        {
            throw new ScenarioException($"{where}: \"drop\" needs a \"sensor\" (hr, footpod or power).");
        }

        if (intervals is { } plan)
        {
            if (changes.Count > 0 || drop is not null || battery is not null || contact is not null)
            {
                throw new ScenarioException($"{where}: \"intervals\" cannot be combined with other changes in one event.");
            }

            return Intervals(plan, start, where, profile, expect);
        }

        if (changes.Count == 0 && drop is null && battery is null && contact is null)
        {
            throw new ScenarioException($"{where}: the event changes nothing.");
        }

        return
        [
            new ScenarioEvent
            {
                At = start,
                Over = over,
                For = hold,
                Label = label,
                Changes = changes,
                Sensor = sensor,
                Drop = drop,
                BatteryPct = battery,
                SensorContact = contact,
                Expect = expect,
            },
        ];
    }

    /// <summary>Expands an interval plan into one absolute-pace event per segment, ending on the easy pace.</summary>
    private static List<ScenarioEvent> Intervals(JsonElement plan, TimeSpan start, string where, RunnerProfile profile, List<AlertKind>? expect)
    {
        where += ", intervals";
        if (plan.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException($"{where}: must be an object with fast, easy, fastFor, easyFor, repeats.");
        }

        double? fast = null, easy = null;
        TimeSpan? fastFor = null, easyFor = null;
        var over = TimeSpan.FromSeconds(5);
        var repeats = 0;
        foreach (var property in plan.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "fast": fast = 1000 / PaceSeconds(v, where, "fast"); break;
                case "easy": easy = 1000 / PaceSeconds(v, where, "easy"); break;
                case "fastFor": fastFor = Duration(v, where, "fastFor"); break;
                case "easyFor": easyFor = Duration(v, where, "easyFor"); break;
                case "over": over = Duration(v, where, "over"); break;
                case "repeats":
                    repeats = v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var r) && r is > 0 and <= 100
                        ? r
                        : throw new ScenarioException($"{where}: \"repeats\" must be a whole number 1–100.");
                    break;
                default: throw new ScenarioException($"{where}: unknown field \"{property.Name}\".");
            }
        }

        if (fast is null || easy is null || fastFor is null || easyFor is null || repeats == 0)
        {
            throw new ScenarioException($"{where}: fast, easy (paces like \"3:45\"), fastFor, easyFor and repeats are all required.");
        }

        var events = new List<ScenarioEvent>();
        var t = start;
        for (var i = 1; i <= repeats; i++)
        {
            events.Add(Pace(t, fast.Value, $"interval {i} fast"));
            t += fastFor.Value;
            events.Add(Pace(t, easy.Value, $"interval {i} easy"));
            t += easyFor.Value;
        }

        return events;

        ScenarioEvent Pace(TimeSpan at, double speed, string label) => new()
        {
            At = at,
            Over = over,
            Label = label,
            Changes = new Dictionary<ScenarioMetric, MetricChange> { [ScenarioMetric.Speed] = MetricChange.Absolute(speed) },
            Expect = expect,
        };
    }

    private static List<AlertKind> Expect(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioException($"{where}: \"expect\" must be an array of alert kinds (e.g. [\"cadenceDrop\"]).");
        }

        var kinds = new List<AlertKind>();
        foreach (var item in v.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            var kind = Enum.GetValues<AlertKind>().Cast<AlertKind?>().FirstOrDefault(k => string.Equals(JsonName(k!.Value), text, StringComparison.Ordinal));
            kinds.Add(kind ?? throw new ScenarioException($"{where}: unknown alert kind {item.GetRawText()} in \"expect\"."));
        }

        return kinds;
    }

    /// <summary>The wire name of an alert kind (camelCase, as in <see cref="AlertKind"/>'s JSON names).</summary>
    internal static string JsonName(AlertKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static RunnerSensor Sensor(JsonElement v, string where) => (v.ValueKind == JsonValueKind.String ? v.GetString() : null) switch
    {
        "hr" or "heartRate" => RunnerSensor.HeartRate,
        "footpod" => RunnerSensor.Footpod,
        "power" => RunnerSensor.Power,
        _ => throw new ScenarioException($"{where}: \"sensor\" must be \"hr\", \"footpod\" or \"power\"."),
    };

    private static MetricChange Change(JsonElement v, string where, string field)
    {
        if (v.ValueKind == JsonValueKind.Number)
        {
            return MetricChange.Absolute(Positive(v, where, field));
        }

        var text = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
        if (text is not null && text.EndsWith('%')
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var pct)
            && pct > -90 && pct < 500)
        {
            return MetricChange.Relative(pct / 100);
        }

        throw new ScenarioException($"{where}: \"{field}\" must be a percentage like \"-7%\" or an absolute number.");
    }

    /// <summary>Pace is the inverse of speed: "+5%" pace (slower) is speed / 1.05; "4:30" is an absolute pace per km.</summary>
    private static MetricChange PaceChange(JsonElement v, string where, string field)
    {
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
        if (text is not null && text.EndsWith('%'))
        {
            var change = Change(v, where, field);
            return MetricChange.Relative((1 / (1 + change.Value)) - 1);
        }

        return MetricChange.Absolute(1000 / PaceSeconds(v, where, field));
    }

    /// <summary>Seconds per km from "4:30" or a number of seconds.</summary>
    private static double PaceSeconds(JsonElement v, string where, string field)
    {
        var seconds = Duration(v, where, field).TotalSeconds;
        return seconds is >= 90 and <= 1200
            ? seconds
            : throw new ScenarioException($"{where}: \"{field}\" must be a pace per km between 1:30 and 20:00, like \"4:30\".");
    }

    /// <summary>"06:00" (mm:ss), "1:02:03", "20s", "2m", "1m30s", "500ms", "1h", or a number of seconds.</summary>
    internal static TimeSpan Duration(JsonElement v, string where, string field)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var number) && number >= 0 && number < 360000)
        {
            return TimeSpan.FromSeconds(number);
        }

        if (v.ValueKind == JsonValueKind.String && TryParseDuration(v.GetString()!, out var parsed))
        {
            return parsed;
        }

        throw new ScenarioException($"{where}: \"{field}\" must be a time like \"06:00\", \"1:02:03\", \"20s\", \"2m\" or \"1m30s\".");
    }

    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            var parts = text.Split(':');
            if (parts.Length is < 2 or > 3)
            {
                return false;
            }

            double total = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                var last = i == parts.Length - 1;
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || (i > 0 && n >= 60) || (!last && n != Math.Floor(n)))
                {
                    return false;
                }

                total = (total * 60) + n;
            }

            value = TimeSpan.FromSeconds(total);
            return true;
        }

        var seconds = 0.0;
        var rest = text.AsSpan();
        var any = false;
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(rest[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            rest = rest[digits..];
            double unit;
            if (rest.StartsWith("ms")) { unit = 0.001; rest = rest[2..]; }
            else if (rest.StartsWith("h")) { unit = 3600; rest = rest[1..]; }
            else if (rest.StartsWith("m")) { unit = 60; rest = rest[1..]; }
            else if (rest.StartsWith("s")) { unit = 1; rest = rest[1..]; }
            else if (rest.IsEmpty && !any) { unit = 1; }
            else { return false; }

            seconds += n * unit;
            any = true;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static string String(JsonElement v, string where, string field) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ScenarioException($"{where}: \"{field}\" must be a string.");

    private static double Number(JsonElement v, string where, string field) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new ScenarioException($"{where}: \"{field}\" must be a number.");

    private static double Positive(JsonElement v, string where, string field)
    {
        var d = Number(v, where, field);
        return d > 0 ? d : throw new ScenarioException($"{where}: \"{field}\" must be positive.");
    }

    private static double Balance(JsonElement v, string where, string field)
    {
        var d = Number(v, where, field);
        return d is >= 30 and <= 70 ? d : throw new ScenarioException($"{where}: \"{field}\" must be a left share in percent, 30–70.");
    }

    private static double Battery(JsonElement v, string where, string field)
    {
        var d = Number(v, where, field);
        return d is >= 0 and <= 100 ? d : throw new ScenarioException($"{where}: \"{field}\" must be a battery level 0–100.");
    }
}
