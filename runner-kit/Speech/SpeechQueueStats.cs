namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>Cues heard (received), waiting, spoken, expired and dropped since start; the last spoken text.</summary>
public readonly record struct SpeechQueueStats(int Heard, int Queued, int Spoken, int Expired, int Dropped, string? LastSpoken);
