namespace MindMuscle.Live.Hub.Ingest;

/// <summary>A publish refused as a whole: nothing of it was recorded.</summary>
internal sealed class BatchRejectedException : Exception
{
    public BatchRejectedException(BatchRejection rejection)
        : base(rejection?.Message) => Rejection = rejection!;

    public BatchRejectedException()
        : this(new BatchRejection("unknown", "", null, "Batch rejected"))
    {
    }

    public BatchRejectedException(string message)
        : this(new BatchRejection("unknown", "", null, message))
    {
    }

    public BatchRejectedException(string message, Exception innerException)
        : base(message, innerException) => Rejection = new BatchRejection("unknown", "", null, message);

    public BatchRejection Rejection { get; }
}
