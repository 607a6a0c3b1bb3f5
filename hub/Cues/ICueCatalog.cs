namespace MindMuscle.Live.Hub.Cues;

/// <summary>Resolves a catalog cue id to its spoken text. The hub's default knows none; register the core catalog here.</summary>
public interface ICueCatalog
{
    string? FindText(string cueId);
}

internal sealed class EmptyCueCatalog : ICueCatalog
{
    public string? FindText(string cueId) => null;
}
