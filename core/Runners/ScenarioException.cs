namespace MindMuscle.Live.Core.Runners;

/// <summary>A scenario could not be loaded: the message names the scenario and what is wrong, so the user can fix the file.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
