using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Web.Runner;

/// <summary>
/// Recognises the hub's refusal of one reading for good: a <see cref="HubException"/> whose text runner-kit's
/// <see cref="HubRefusalText"/> reads as a value refusal (<c>outOfRange</c>, <c>notFinite</c>) naming its seq (docs/
/// protocol.md §4); sending that reading again can only be refused again. A refusal of the clock or the batch size, or
/// one without a code, keeps the readings (the relay's rule).
/// </summary>
public static class HubRefusal
{
    /// <summary>True when <paramref name="error"/> refuses one named reading for its values; the hub's words and its seq.</summary>
    public static bool IsForGood(Exception? error, out string reason, out long seq)
    {
        if (error is HubException { Message: { } message })
        {
            return HubRefusalText.IsForGood(message, out reason, out seq);
        }

        reason = "";
        seq = 0;
        return false;
    }
}
