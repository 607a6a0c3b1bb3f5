using System.Text.Json;
using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Markers;

/// <summary>
/// Reads a marker's <c>kind</c> without failing on an unknown one (it becomes an undefined value), so the hub's
/// <c>AddMarker</c> can answer it as <c>unknownKind</c> and count it like every other rejection instead of SignalR
/// refusing to bind the argument. Writes the contract's names. Registered in the hub's JSON protocol, where an options
/// converter takes precedence over the enum's own.
/// </summary>
internal sealed class LenientMarkerKindConverter : JsonConverter<MarkerKind>
{
    /// <summary>What an unknown kind reads as: not a defined <see cref="MarkerKind"/>.</summary>
    public const MarkerKind Unknown = (MarkerKind)(-1);

    private static readonly (MarkerKind Kind, string Name)[] Names =
        [(MarkerKind.Lap, "lap"), (MarkerKind.RepStart, "repStart"), (MarkerKind.RepEnd, "repEnd"), (MarkerKind.Note, "note")];

    public override MarkerKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var number) ? (MarkerKind)number : Unknown;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            foreach (var (kind, name) in Names)
            {
                if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase) || string.Equals(text, kind.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }

            return Unknown;
        }

        throw new JsonException("kind must be a string: \"lap\", \"repStart\", \"repEnd\" or \"note\"");
    }

    public override void Write(Utf8JsonWriter writer, MarkerKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var (kind, name) in Names)
        {
            if (kind == value)
            {
                writer.WriteStringValue(name);
                return;
            }
        }

        writer.WriteNumberValue((int)value);
    }
}
