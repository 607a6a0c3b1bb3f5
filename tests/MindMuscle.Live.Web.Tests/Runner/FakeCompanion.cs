using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

/// <summary>The companion as the pages see it, with a state the test sets and the calls it records.</summary>
internal sealed class FakeCompanion : IRunnerCompanion
{
    public RunnerScreenState State { get; private set; } = new();

    public event Action? Changed;

    public RunnerIdentity? Stored { get; set; }

    /// <summary>What <see cref="JoinAsync"/> answers (null: joined).</summary>
    public string? JoinAnswer { get; set; }

    public List<(string Code, string Name)> Joins { get; } = [];

    public int SensorRequests { get; private set; }

    public void Set(RunnerScreenState state)
    {
        State = state;
        Changed?.Invoke();
    }

    public Task<RunnerIdentity?> StoredIdentityAsync(string joinCode, CancellationToken cancellationToken) => Task.FromResult(Stored);

    public Task<string?> JoinAsync(string joinCode, string runnerName, CancellationToken cancellationToken)
    {
        Joins.Add((joinCode, runnerName));
        if (JoinAnswer is null)
        {
            State = State with { Connection = RunnerConnection.Connecting, RunnerName = runnerName, RunnerId = "r-1" };
        }

        return Task.FromResult(JoinAnswer);
    }

    public Task ConnectSensorAsync(CancellationToken cancellationToken)
    {
        SensorRequests++;
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string joinCode, CancellationToken cancellationToken) => Task.CompletedTask;
}
