using MindMuscle.Live.TestKit.Waiting;
using Xunit.Sdk;

namespace MindMuscle.Live.Deployment.Tests.Waiting;

public sealed class PollingTests
{
    [Fact]
    public async Task WaitUntilAsync_ConditionBecomesTrue_Completes()
    {
        var ct = TestContext.Current.CancellationToken;
        var checks = 0;

        await Polling.WaitUntilAsync(() => ++checks >= 3, TimeSpan.FromSeconds(10), ct).WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.Equal(3, checks);
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionNeverTrue_FailsNamingTimeoutAndDiagnosis()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<FailException>(() =>
            Polling.WaitUntilAsync(() => false, () => "queue depth 7", TimeSpan.FromMilliseconds(100), ct).WaitAsync(TimeSpan.FromSeconds(20), ct));

        Assert.Contains("00:00:00.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("queue depth 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilAsync_AsyncConditionBecomesTrue_Completes()
    {
        var ct = TestContext.Current.CancellationToken;
        var checks = 0;

        await Polling.WaitUntilAsync(async c => { await Task.Yield(); return ++checks >= 3; }, TimeSpan.FromSeconds(10), ct).WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.Equal(3, checks);
    }

    [Fact]
    public async Task WaitUntilAsync_AsyncConditionNeverTrue_FailsNamingTimeoutAndDiagnosis()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<FailException>(() =>
            Polling.WaitUntilAsync(_ => Task.FromResult(false), () => "queue depth 7", TimeSpan.FromMilliseconds(100), ct).WaitAsync(TimeSpan.FromSeconds(20), ct));

        Assert.Contains("00:00:00.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("queue depth 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilAsync_AsyncConditionHangs_CancelsItAndFailsAtTheTimeout()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<FailException>(() =>
            Polling.WaitUntilAsync(c => Task.Delay(Timeout.Infinite, c).ContinueWith(_ => false, TaskScheduler.Default), () => "stuck", TimeSpan.FromMilliseconds(100), ct)
                .WaitAsync(TimeSpan.FromSeconds(20), ct));

        Assert.Contains("stuck", error.Message, StringComparison.Ordinal);
    }
}
