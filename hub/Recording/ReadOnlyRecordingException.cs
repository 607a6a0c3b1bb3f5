namespace MindMuscle.Live.Hub.Recording;

/// <summary>A write reached the recording of a hub started read-only; the refusals in front of it should have stopped it.</summary>
internal sealed class ReadOnlyRecordingException() : InvalidOperationException(
    "This hub serves its recording read-only (--read-only / MML_READ_ONLY): nothing can be written; start it without --read-only to record")
{
    public static void ThrowIf(bool readOnly)
    {
        if (readOnly)
        {
            throw new ReadOnlyRecordingException();
        }
    }
}
