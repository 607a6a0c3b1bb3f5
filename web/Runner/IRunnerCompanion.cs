namespace MindMuscle.Live.Web.Runner;

/// <summary>The runner companion as its pages see it: join or come back, add sensors, and the state to show.</summary>
public interface IRunnerCompanion
{
    RunnerScreenState State { get; }

    /// <summary>Raised after every change of <see cref="State"/>.</summary>
    event Action? Changed;

    /// <summary>The identity this phone keeps for the join code, or null when it never joined with it.</summary>
    Task<RunnerIdentity?> StoredIdentityAsync(string joinCode, CancellationToken cancellationToken);

    /// <summary>Joins as a new runner (or, with a stored identity, as the same runner) and starts sending.</summary>
    /// <returns>Null on success, else the sentence to show (the hub's refusal or what to check).</returns>
    Task<string?> JoinAsync(string joinCode, string runnerName, CancellationToken cancellationToken);

    /// <summary>Opens the browser's Bluetooth chooser and connects the sensor picked (needs the runner's tap).</summary>
    Task ConnectSensorAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the stored identity for the code, so the next join is a new runner.</summary>
    Task ForgetAsync(string joinCode, CancellationToken cancellationToken);
}
