using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

/// <summary>How a command's failures become exit codes, and why a failure while stopping is not one.</summary>
public sealed class CommandErrorsTests
{
    [Fact]
    public async Task RunAsync_FailureAfterStopWasAsked_ExitsCleanlySayingWhatFailed()
    {
        using var stopping = new CancellationTokenSource();
        using var error = new StringWriter();
        await stopping.CancelAsync();

        var rc = await CommandErrors.RunUntilStoppedAsync(
            () => throw new InvalidOperationException("The connection is not active"), error, stopping.Token);

        Assert.Equal(CommandErrors.Ok, rc);
        Assert.Contains("stopping: InvalidOperationException: The connection is not active", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameFailureWhileRunning_IsNotHidden()
    {
        using var running = new CancellationTokenSource();
        using var error = new StringWriter();

        await Assert.ThrowsAsync<InvalidOperationException>(() => CommandErrors.RunUntilStoppedAsync(
            () => throw new InvalidOperationException("The connection is not active"), error, running.Token));
    }

    [Fact]
    public async Task RunAsync_HubUnreachable_HubErrorWithWhatToCheck()
    {
        using var error = new StringWriter();

        var rc = await CommandErrors.RunAsync(() => throw new HttpRequestException("refused"), error);

        Assert.Equal(CommandErrors.HubError, rc);
        Assert.Contains("Is it running?", error.ToString(), StringComparison.Ordinal);
    }
}
