using StackExchange.Redis;

namespace MindMuscle.Live.Hub.ScaleOut;

/// <summary>
/// The session bus's Redis connection, made in the background: a node starts and serves its local clients while Redis
/// is away (<c>abortConnect=false</c>), fails fast instead of queueing while disconnected, and retries every second.
/// </summary>
internal sealed class ScaleOutConnection(string configuration, ILogger<ScaleOutConnection> logger) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connect = new(async () =>
    {
        var mux = await ConnectionMultiplexer.ConnectAsync(Options(configuration));
        RedisConnectionEvents.Watch(mux, "session bus", logger);
        return mux;
    });

    /// <summary>The connection once made, else null (publishers skip the bus until then).</summary>
    public ConnectionMultiplexer? Multiplexer => _connect.IsValueCreated && _connect.Value.IsCompletedSuccessfully ? _connect.Value.Result : null;

    public Task<ConnectionMultiplexer> GetAsync(CancellationToken cancellationToken) => _connect.Value.WaitAsync(cancellationToken);

    /// <summary>Options for every Redis connection of the hub (bus and SignalR backplane).</summary>
    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        // Nothing on the publish path may wait for Redis: fail at once while disconnected instead of queueing.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 2000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2000);
        // Back within a second or so of Redis returning, not after an exponential back-off.
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connect.IsValueCreated)
        {
            try
            {
                await (await _connect.Value).DisposeAsync();
            }
            catch (RedisConnectionException)
            {
            }
        }
    }
}
