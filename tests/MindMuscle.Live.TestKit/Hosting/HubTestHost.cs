using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>
/// The real hub on Kestrel at 127.0.0.1 (port 0) over a temp data folder, with helpers for its REST API and hub.
/// <typeparamref name="TProgram"/> is the hub's entry point: the kit does not reference the hub, so only the test
/// projects that need a hub build it (each closes this type once with a global using alias).
/// </summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Closed once per test project by an alias, so HubTestHost.Start(...) names no type argument.")]
public sealed class HubTestHost<TProgram> : IAsyncDisposable
    where TProgram : class
{
    public const string CoachKey = "test-coach-key-0123456789";
    /// <summary>Per awaited step (<see cref="HubTimeouts.Step"/>).</summary>
    public static readonly TimeSpan Timeout = HubTimeouts.Step;

    private const int StartAttempts = 3;

    private readonly Factory _factory;
    private readonly bool _ownsData;
    private readonly List<HubConnection> _connections = [];

    private HubTestHost(Factory factory, string dataPath, bool ownsData)
    {
        _factory = factory;
        DataPath = dataPath;
        _ownsData = ownsData;
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout };
    }

    public string DataPath { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    public static HubTestHost<TProgram> Start(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataPath = null,
        LogLevel minimumLogLevel = LogLevel.Warning)
    {
        var owns = dataPath is null;
        dataPath ??= Directory.CreateTempSubdirectory("mml-hub-test-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var factory = new Factory(dataPath, settings, services, minimumLogLevel);
            try
            {
                factory.UseKestrel(0);
                factory.StartServer();
                return new HubTestHost<TProgram>(factory, dataPath, owns);
            }
            catch (Exception ex) when (attempt < StartAttempts && IsTransientStartFailure(ex))
            {
                // Port 0 cannot collide, but a loaded machine can still fail a bind (or a start step) transiently: a fresh
                // factory on a fresh port is the same hub; a deterministic start failure still fails on the last attempt.
                TestContext.Current.SendDiagnosticMessage($"hub test host start attempt {attempt} failed, retrying: {ex}");
                factory.Dispose();
            }
        }
    }

    private static bool IsTransientStartFailure(Exception ex) => ex switch
    {
        IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException => true,
        AggregateException a => a.InnerExceptions.All(IsTransientStartFailure),
        _ => ex.InnerException is { } inner && IsTransientStartFailure(inner),
    };

    public async Task<CreateSessionResponse> CreateSessionAsync(string name = "Tuesday 6x800", AutoCueMode autoCue = AutoCueMode.Off)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = JsonContent.Create(new CreateSessionRequest { Name = name, AutoCue = autoCue }),
        };
        request.Headers.Add("X-Coach-Key", CoachKey);
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(TestContext.Current.CancellationToken))!;
    }

    public async Task<JoinResponse> JoinAsync(string joinCode, string runnerName = "Ana")
    {
        using var response = await Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = joinCode, RunnerName = runnerName }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JoinResponse>(TestContext.Current.CancellationToken))!;
    }

    public HubConnection CreateConnection(string? token, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, LiveHubContract.Path), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        _connections.Add(connection);
        return connection;
    }

    public async Task<HubConnection> ConnectAsync(string token, bool messagePack = false)
    {
        var connection = CreateConnection(token, messagePack);
        await connection.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        return connection;
    }

    public static HttpRequestMessage Get(string path, string? bearer = null, bool coachKey = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (coachKey)
        {
            request.Headers.Add("X-Coach-Key", CoachKey);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        Http.Dispose();
        await _factory.DisposeAsync();
        if (_ownsData)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class Factory(string dataPath, IDictionary<string, string?>? settings, Action<IServiceCollection>? services, LogLevel minimumLogLevel)
        : WebApplicationFactory<TProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("data", dataPath);
            builder.UseSetting("coach-key", CoachKey);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(l => l.SetMinimumLevel(minimumLogLevel));
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        }
    }
}
