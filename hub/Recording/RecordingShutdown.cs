namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// Drains the recorder and moves its inbox on every host stop, after every other hosted service (the server, the
/// fan-out, the alert loop) has stopped writing: disposal alone is not run by every host (a host disposed
/// synchronously skips an async-only singleton), and without this the file would keep samples in its inbox.
/// </summary>
internal sealed class RecordingShutdown(RecordingStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => store.StopAsync(cancellationToken);
}
