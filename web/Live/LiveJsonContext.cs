using System.Text.Json;
using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// Source-generated JSON for what the live view sends and receives: the browser runs .NET in an interpreter without
/// code generation, where reflection-based (de)serialization of a few hundred samples a second is a real cost.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SamplesFrame))]
[JsonSerializable(typeof(FormAlert))]
[JsonSerializable(typeof(RunnerStatusUpdate))]
[JsonSerializable(typeof(CueUpdate))]
[JsonSerializable(typeof(SessionMarker))]
[JsonSerializable(typeof(RepCompleted))]
[JsonSerializable(typeof(LapCompleted))]
[JsonSerializable(typeof(SessionSnapshot))]
[JsonSerializable(typeof(SessionSummary))]
[JsonSerializable(typeof(AutoCueMode))]
[JsonSerializable(typeof(CueRequest))]
[JsonSerializable(typeof(MarkerRequest))]
[JsonSerializable(typeof(RunnerSamples[]))]
[JsonSerializable(typeof(SessionMarker[]))]
[JsonSerializable(typeof(RunnerReps[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
public sealed partial class LiveJsonContext : JsonSerializerContext;
