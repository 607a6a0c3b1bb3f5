using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Recognises the hub's refusal of a batch: a <see cref="HubException"/> "Batch rejected (outOfRange):
/// samples[1].cadenceSpm (seq 42) is 900 steps/min; … Nothing of it was recorded." (docs/protocol.md §4). Only a value
/// refusal naming its reading is for good (sending that reading again can only be refused again); a refusal of the
/// relay's clock or batch size, or one without a code (an older hub), is the relay's to fix and is retried.
/// </summary>
internal static class HubBatchRefusal
{
    /// <summary>
    /// True when <paramref name="exception"/> is that refusal; <paramref name="reason"/> is the hub's words,
    /// <paramref name="code"/> its reason code when it gives one, and <paramref name="seq"/> the one reading it names.
    /// </summary>
    public static bool TryRead(Exception? exception, out string reason, out string? code, out long? seq)
    {
        if (exception is HubException { Message: { } message })
        {
            return HubRefusalText.TryRead(message, out reason, out code, out seq);
        }

        reason = "";
        code = null;
        seq = null;
        return false;
    }

    /// <summary>
    /// True when <paramref name="exception"/> refuses one named reading's values (out of range, not finite): that
    /// reading can never be recorded, so it is dead-lettered.
    /// </summary>
    public static bool IsForGood(Exception? exception, out string reason, out long seq)
    {
        if (exception is HubException { Message: { } message })
        {
            return HubRefusalText.IsForGood(message, out reason, out seq);
        }

        reason = "";
        seq = 0;
        return false;
    }

    /// <summary>What the user can do about a refusal that is not for good, in the hub's reason code's terms.</summary>
    public static string Advice(string? code) => code switch
    {
        "observedAt" => "check the relay's clock: it must be within 5 minutes of UTC; its readings are kept and sent again",
        "batchTooLarge" => "the hub takes smaller batches than this relay sends: raise the hub's Hub:MaxBatchSamples; the readings are kept and sent again",
        _ => "the readings are kept and sent again; if this goes on, update the relay or tell the hub's operator",
    };
}
