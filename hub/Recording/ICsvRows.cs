namespace MindMuscle.Live.Hub.Recording;

/// <summary>A session's samples in export order (<c>observed_at, runner_id, seq</c>), one row at a time.</summary>
internal interface ICsvRows : IDisposable
{
    /// <summary>Moves to the next row and fills <paramref name="sample"/>; false after the last row.</summary>
    bool Read(ref CsvSample sample);

    /// <summary>The runner of the current row.</summary>
    string RunnerId { get; }
}
