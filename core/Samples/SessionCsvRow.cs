namespace MindMuscle.Live.Core.Samples;

/// <summary>One data row of the hub's session CSV export: the runner it belongs to and the sample.</summary>
public readonly record struct SessionCsvRow(string SessionId, string RunnerId, string RunnerName, MetricSample Sample);
