namespace MindMuscle.Live.Relay.Speech;

/// <summary>The speech backend failed for one cue; the cue is reported dropped with this message.</summary>
internal sealed class SpeechOutputException(string message) : Exception(message);
