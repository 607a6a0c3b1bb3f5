namespace MindMuscle.Live.Core.Alerts;

/// <summary>Where an engine's rep rules (<c>repFade</c>) get a runner's reps.</summary>
public enum RepSource
{
    /// <summary>The engine runs a <see cref="Track.RepDetector"/> per runner over the samples and markers it is given.</summary>
    Detect = 0,

    /// <summary>
    /// The caller finds the reps and hands each to <see cref="IAlertEngine.OnRep"/>; markers go to the caller's detector,
    /// not the engine. The hub's live track runs one detector per runner for its coaches and the engine alike.
    /// </summary>
    Fed = 1,
}
