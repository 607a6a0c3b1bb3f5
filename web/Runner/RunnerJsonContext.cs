using System.Text.Json;
using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Runner;

/// <summary>Source-generated JSON for what the runner companion sends and receives (no reflection in the browser).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SampleBatch))]
[JsonSerializable(typeof(PublishAck))]
[JsonSerializable(typeof(CueMessage))]
[JsonSerializable(typeof(CueStatusReport))]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(RunnerIdentity))]
[JsonSerializable(typeof(MetricSample[]))]
internal sealed partial class RunnerJsonContext : JsonSerializerContext;
