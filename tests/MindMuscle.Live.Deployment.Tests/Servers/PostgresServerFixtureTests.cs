using MindMuscle.Live.TestKit.Servers;
using Npgsql;

namespace MindMuscle.Live.Deployment.Tests.Servers;

public sealed class PostgresServerFixtureTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InitializeAsync_FreshCluster_ConnectionStringSelectsOne()
    {
        var ct = TestContext.Current.CancellationToken;

        var (one, database, user) = await QueryAsync(postgres.ConnectionString, ct).WaitAsync(StepTimeout, ct);

        Assert.Equal(1, one);
        Assert.Equal(postgres.Database, database);
        Assert.Equal(PostgresServerFixture.User, user);
        Assert.Contains("Host=127.0.0.1", postgres.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDatabaseAsync_NewName_ReturnsConnectionStringToThatDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "mml_" + Guid.NewGuid().ToString("N")[..8];

        var connectionString = await postgres.CreateDatabaseAsync(name, ct).WaitAsync(StepTimeout, ct);

        var (_, database, _) = await QueryAsync(connectionString, ct).WaitAsync(StepTimeout, ct);
        Assert.Equal(name, database);
    }

    [Fact]
    public async Task StopAsync_ThenStartAsync_SamePortKeepsCommittedRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = new PostgresServerFixture { Database = "restart" };
        await sut.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(120), ct);
        var port = sut.Port;
        await ExecuteAsync(sut.ConnectionString, "CREATE TABLE t (v int); INSERT INTO t VALUES (42);", ct).WaitAsync(StepTimeout, ct);

        await sut.StopAsync(ct).WaitAsync(StepTimeout, ct);
        var listeningWhileStopped = await FreePort.IsListeningAsync(port, ct).WaitAsync(StepTimeout, ct);
        await sut.StartAsync(ct).WaitAsync(StepTimeout, ct);

        Assert.False(listeningWhileStopped);
        Assert.Equal(port, sut.Port);
        await using var connection = new NpgsqlConnection(sut.ConnectionString);
        await connection.OpenAsync(ct).WaitAsync(StepTimeout, ct);
        await using var command = new NpgsqlCommand("SELECT v FROM t", connection);
        Assert.Equal(42, (int)(await command.ExecuteScalarAsync(ct).WaitAsync(StepTimeout, ct))!);
    }

    [Fact]
    public void SkipReason_BinaryMissing_NamesTheAptPackage()
    {
        var sut = new PostgresServerFixture { BinDir = "/nonexistent/postgresql/bin" };

        var reason = sut.SkipReason;

        // Members that need the server call Assert.Skip with this reason (xunit v3 reports the test as skipped).
        Assert.NotNull(reason);
        Assert.Contains("apt-get install -y postgresql", reason, StringComparison.Ordinal);
    }

    private static async Task<(int One, string Database, string User)> QueryAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1, current_database(), current_user", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        return (reader.GetInt32(0), reader.GetString(1), reader.GetString(2));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
