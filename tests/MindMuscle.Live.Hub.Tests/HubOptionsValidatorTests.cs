using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MindMuscle.Live.Hub.Tests;

public sealed class HubOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new HubOptionsValidator().Validate(null, new HubOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, string> BadValues => new()
    {
        { "DataPath", " " },
        { "JwtSigningKey", "not base64!" },
        { "JwtSigningKey", Convert.ToBase64String(new byte[16]) },
        { "TokenLifetime", "01:00:00" },
        { "MaxBatchSamples", "0" },
        { "MaxSampleAge", "-00:00:01" },
        { "MaxSampleFuture", "-00:00:01" },
        { "StaleAfter", "00:00:00" },
        { "BackfillLag", "-00:00:01" },
        { "DefaultCueTtlSeconds", "3601" },
        { "AutoCueMinInterval", "-00:00:01" },
        { "AutoCueCheckInInterval", "-00:00:01" },
        { "TickInterval", "00:00:00" },
        { "CoachQueueSamples", "0" },
        { "CoachQueueMessages", "0" },
        { "CoachFrameInterval", "-00:00:01" },
        { "CoachSendTimeout", "00:00:00" },
        { "CoachAbortAfter", "00:00:01" },
        { "JoinPermitLimit", "0" },
        { "JoinWindow", "00:00:00" },
        { "RecorderQueue", "0" },
        { "RecorderMaxBatchSamples", "0" },
        { "RecorderCommitInterval", "-00:00:01" },
        { "RecorderInboxMoveInterval", "-00:00:01" },
        { "Store", "mysql" },
        { "Redis", "localhost:6379,notAnOption=1" },
        { "Redis", "localhost:6379,connectTimeout=soon" },
        { "PublishRateLimit", "-1" },
        { "PublishBurst", "0" },
        { "PublicBaseUrl", "track.example.org" },
        { "PublicBaseUrl", "ftp://track.example.org" },
        { "PublicBaseUrl", "https://track.example.org/?a=1" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_BadValue_FailsNamingTheSetting(string setting, string value)
    {
        var options = Bind(new Dictionary<string, string?> { [$"Hub:{setting}"] = value });

        var result = new HubOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Hub:{setting} ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgresStoreWithoutConnectionString_FailsNamingPostgres()
    {
        var options = Bind(new Dictionary<string, string?> { ["Hub:Store"] = "postgres" });

        var result = new HubOptionsValidator().Validate(null, options);

        Assert.Contains("Hub:Postgres ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_BadValue_RefusesToStartNamingTheSetting()
    {
        var ex = Assert.ThrowsAny<Exception>(() => HubTestHost.Start(new Dictionary<string, string?> { ["Hub:StaleAfter"] = "-00:00:05" }));

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(ex));
        Assert.Contains("Hub:StaleAfter ", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PostgresStoreWithoutConnectionString_RefusesToStartNamingPostgres()
    {
        var ex = Assert.ThrowsAny<Exception>(() => HubTestHost.Start(new Dictionary<string, string?> { ["Hub:Store"] = "postgres" }));

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(ex));
        Assert.Contains("Hub:Postgres ", validation.Message, StringComparison.Ordinal);
    }

    private static HubOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new HubOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(HubOptions.Section).Bind(options);
        return options;
    }

    private static Exception Unwrap(Exception ex) =>
        ex is OptionsValidationException ? ex : ex.InnerException is { } inner ? Unwrap(inner) : ex is AggregateException { InnerExceptions: [var only] } ? Unwrap(only) : ex;
}
