using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Runners;

// The value rules of a scenario file, one converter per kind of value. Each refuses null as well (HandleNull): a field
// written as null is a mistake, not an omission. Scenario files are only read, so Write is not supported.

/// <summary>Base of the scenario converters: read-only, null refused.</summary>
internal abstract class ScenarioValueConverter<T> : JsonConverter<T>
{
    public override bool HandleNull => true;

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Scenario files are read, never written.");
}

/// <summary>A run time (<see cref="ScenarioTime"/>) or a number of seconds.</summary>
internal sealed class ScenarioTimeConverter : ScenarioValueConverter<TimeSpan?>
{
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TryRead(ref reader, out var value)
            ? value
            : throw new ScenarioValueException("must be a time like \"06:00\", \"1:02:03\", \"20s\", \"2m\" or \"1m30s\".");

    internal static bool TryRead(ref Utf8JsonReader reader, out TimeSpan value)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && seconds >= 0 && seconds < 360000)
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        value = default;
        return reader.TokenType == JsonTokenType.String && ScenarioTime.TryParse(reader.GetString()!, out value);
    }
}

/// <summary>A pace per km ("4:30" or seconds), read as the speed it means in m/s.</summary>
internal sealed class PaceConverter : ScenarioValueConverter<double?>
{
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => 1000 / ReadSeconds(ref reader);

    internal static double ReadSeconds(ref Utf8JsonReader reader) =>
        ScenarioTimeConverter.TryRead(ref reader, out var pace) && pace.TotalSeconds is >= 90 and <= 1200
            ? pace.TotalSeconds
            : throw new ScenarioValueException("must be a pace per km between 1:30 and 20:00, like \"4:30\".");
}

/// <summary>A metric change: "-7%" (relative) or a positive number in the metric's unit (absolute).</summary>
internal sealed class MetricChangeConverter : ScenarioValueConverter<MetricChange?>
{
    private static readonly PositiveConverter Positive = new();

    public override MetricChange? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return MetricChange.Absolute(Positive.Read(ref reader, typeof(double?), options)!.Value);
        }

        return TryReadPercent(ref reader, out var fraction)
            ? MetricChange.Relative(fraction)
            : throw new ScenarioValueException("must be a percentage like \"-7%\" or an absolute number.");
    }

    internal static bool IsPercent(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.GetString()!.Trim().EndsWith('%');

    internal static bool TryReadPercent(ref Utf8JsonReader reader, out double fraction)
    {
        fraction = 0;
        if (!IsPercent(ref reader))
        {
            return false;
        }

        var text = reader.GetString()!.Trim();
        if (double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct > -90 && pct < 500)
        {
            fraction = pct / 100;
            return true;
        }

        return false;
    }
}

/// <summary>A pace change: "+5%" pace (slower) is speed / 1.05; "4:30" or seconds is an absolute pace per km.</summary>
internal sealed class PaceChangeConverter : ScenarioValueConverter<MetricChange?>
{
    public override MetricChange? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (!MetricChangeConverter.IsPercent(ref reader))
        {
            return MetricChange.Absolute(1000 / PaceConverter.ReadSeconds(ref reader));
        }

        return MetricChangeConverter.TryReadPercent(ref reader, out var fraction)
            ? MetricChange.Relative((1 / (1 + fraction)) - 1)
            : throw new ScenarioValueException("must be a percentage like \"-7%\" or an absolute number.");
    }
}

/// <summary>A finite number; subclasses narrow the range and say so.</summary>
internal class NumberConverter : ScenarioValueConverter<double?>
{
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = ReadNumber(ref reader);
        return Refuse(value) is { } problem ? throw new ScenarioValueException(problem) : value;
    }

    /// <summary>Null when <paramref name="value"/> is in range, else what it must be.</summary>
    protected virtual string? Refuse(double value) => null;

    private static double ReadNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new ScenarioValueException("must be a number.");
}

internal sealed class PositiveConverter : NumberConverter
{
    protected override string? Refuse(double value) => value > 0 ? null : "must be positive.";
}

/// <summary>Left share of ground contact in percent.</summary>
internal sealed class BalanceConverter : NumberConverter
{
    protected override string? Refuse(double value) => value is >= 30 and <= 70 ? null : "must be a left share in percent, 30–70.";
}

internal sealed class BatteryConverter : NumberConverter
{
    protected override string? Refuse(double value) => value is >= 0 and <= 100 ? null : "must be a battery level 0–100.";
}

internal sealed class RepeatsConverter : ScenarioValueConverter<int?>
{
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var repeats) && repeats is > 0 and <= 100
            ? repeats
            : throw new ScenarioValueException("must be a whole number 1–100.");
}

internal sealed class TextConverter : ScenarioValueConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new ScenarioValueException("must be a string.");
}

internal sealed class SwitchConverter : ScenarioValueConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new ScenarioValueException("must be true or false."),
    };
}

/// <summary>"hr" (or "heartRate"), "footpod" or "power".</summary>
internal sealed class SensorConverter : ScenarioValueConverter<RunnerSensor?>
{
    public override RunnerSensor? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (reader.TokenType == JsonTokenType.String ? reader.GetString() : null) switch
        {
            "hr" or "heartRate" => RunnerSensor.HeartRate,
            "footpod" => RunnerSensor.Footpod,
            "power" => RunnerSensor.Power,
            _ => throw new ScenarioValueException("must be \"hr\", \"footpod\" or \"power\"."),
        };
}

/// <summary>
/// An alert kind by its exact wire name ("cadenceDrop"). Stricter than the enum's own converter, which also takes
/// numbers and any casing: a scenario's expectations must name kinds the way the protocol does.
/// </summary>
internal sealed class AlertKindNameConverter : ScenarioValueConverter<AlertKind>
{
    private static readonly (string Name, AlertKind Kind)[] Kinds =
        [.. Enum.GetValues<AlertKind>().Select(k => (JsonNamingPolicy.CamelCase.ConvertName(k.ToString()), k))];

    public override AlertKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        foreach (var (name, kind) in Kinds)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        var expected = string.Join(", ", Kinds.Select(k => k.Name));
        throw new ScenarioValueException(text is null
            ? $"must be an alert kind name (expected {expected})."
            : $"is an unknown alert kind \"{text}\" (expected {expected}).");
    }
}
