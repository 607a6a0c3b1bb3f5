using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.FanOut;

/// <summary>
/// Source-generated JSON writing of what the hub sends most (samples frames, publish acks): the generated code writes
/// the same bytes as the reflection-based serializer without its per-property converter calls. Everything else, and all
/// reading, stays with the serializer the options had.
/// </summary>
internal static class FrameJson
{
    /// <summary>Puts the generated writers in front of <paramref name="options"/>'s resolver (SignalR's JSON payload options).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TypeInfoResolver = new Resolver(options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
    }

    /// <summary>Only the written root types come from the generated context: reading init-only records stays on the reflection path.</summary>
    private sealed class Resolver(IJsonTypeInfoResolver fallback) : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            type == typeof(SamplesFrame) || type == typeof(PublishAck)
                ? ((IJsonTypeInfoResolver)FrameJsonContext.Default).GetTypeInfo(type, options)
                : fallback.GetTypeInfo(type, options);
    }
}

/// <summary>The naming policy is SignalR's payload default: the generated writers are only used with options like it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SamplesFrame))]
[JsonSerializable(typeof(PublishAck))]
internal sealed partial class FrameJsonContext : JsonSerializerContext;
