using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>One reading of one runner. <see cref="Sample"/> has <c>Seq = 0</c> and <c>ObservedAt</c> on the relay clock.</summary>
internal readonly record struct SourceReading(int RunnerIndex, MetricSample Sample);
