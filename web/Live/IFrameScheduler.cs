namespace MindMuscle.Live.Web.Live;

/// <summary>
/// Calls back once on the browser's next animation frame, however often it is asked before then, and keeps the
/// benchmark's arrival -> paint marks (<c>window.mmlPerf</c>).
/// </summary>
public interface IFrameScheduler
{
    /// <summary>Asks for <paramref name="onFrame"/> on the next animation frame (a second ask before it is a no-op).</summary>
    void Request(Action onFrame);

    /// <summary>A samples frame of <paramref name="samples"/> samples arrived: its time is one arrival mark, closed by the paint that follows.</summary>
    void NoteArrival(int samples);
}
