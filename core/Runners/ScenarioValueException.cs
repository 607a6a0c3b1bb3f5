using System.Text.Json;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// A scenario value of the wrong shape, thrown by the scenario converters: the message says what the value must be, and
/// the serializer fills in <see cref="JsonException.Path"/> so the reader can put the field in front of it.
/// </summary>
internal sealed class ScenarioValueException(string problem) : JsonException(problem);
