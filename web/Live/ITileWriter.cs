namespace MindMuscle.Live.Web.Live;

/// <summary>
/// Writes a tile's changing values (<see cref="TileFields"/>) into its elements without a render: a tile whose runner
/// only has new readings costs a few text-node writes instead of a component render, a diff and a batch.
/// Writes are gathered and go out once per animation frame (<see cref="Flush"/>).
/// </summary>
public interface ITileWriter
{
    /// <summary>Queues one tile's fields; a null field is left as it is, an empty one is written.</summary>
    void Write(string runnerId, ReadOnlySpan<string?> fields);

    /// <summary>Sends what was queued (after the frame's renders, so it lands on their elements).</summary>
    void Flush();
}
