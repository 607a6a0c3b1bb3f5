namespace MindMuscle.Live.Relay.Speech;

/// <summary>Cues heard (received), waiting, spoken, expired and dropped since start; the last spoken text.</summary>
internal readonly record struct SpeechQueueStats(int Heard, int Queued, int Spoken, int Expired, int Dropped, string? LastSpoken);
