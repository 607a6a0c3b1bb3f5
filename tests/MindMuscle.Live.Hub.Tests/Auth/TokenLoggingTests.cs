using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Tests.Auth;

public sealed class TokenLoggingTests
{
    [Fact]
    public async Task Logs_AtTraceLevelWithQueryStringTokens_NeverContainAToken()
    {
        var capture = new CapturingLoggerProvider();
        await using var host = HubTestHost.Start(services: s => s.AddSingleton<ILoggerProvider>(capture), minimumLogLevel: LogLevel.Trace);
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);

        var runner = await host.ConnectAsync(join.RunnerToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch(), TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await runner.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        using var request = HubTestHost.Get($"/api/sessions/{session.SessionId}?access_token={session.CoachToken}", bearer: session.CoachToken);
        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.NotEmpty(capture.Messages);
        Assert.DoesNotContain(capture.Messages, m => m.Contains(join.RunnerToken, StringComparison.Ordinal) || m.Contains(session.CoachToken, StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Messages, m => m.Contains(join.RunnerToken[..20], StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public ConcurrentBag<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception) + " " + exception);

        public void Dispose()
        {
        }
    }
}
