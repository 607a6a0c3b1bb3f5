using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>Resolves a catalog cue id (e.g. <c>cadenceDrop.1</c>, <c>imbalance.1:left</c>) to its spoken text.</summary>
public interface ICueCatalog
{
    string? FindText(string cueId);
}

/// <summary>The default: core's built-in <see cref="CueCatalog"/>.</summary>
internal sealed class CoreCueCatalog : ICueCatalog
{
    public string? FindText(string cueId) => CueCatalog.Shared.TryResolve(cueId, out var text) ? text : null;
}
