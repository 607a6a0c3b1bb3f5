using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>What <see cref="ReadingSourceFactory.Create"/> needs besides the spec; every property has a working default.</summary>
internal sealed record ReadingSourceOptions
{
    /// <summary>The runner's name (<c>--name</c>); with <c>--runners N</c> the simulator names them "NAME 1".."NAME N".</summary>
    public string RunnerName { get; init; } = "Runner";

    /// <summary>Simulated runners in this process (<c>--runners N</c>, sim only).</summary>
    public int Runners { get; init; } = 1;

    /// <summary>Seed of the first simulated runner; runner i uses Seed + i (same seed → same bytes). Any value; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>File replay speed (<c>--speed N</c>): N times faster than recorded. Must be positive.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>BlueZ bus address for <c>ble</c>; null = the system bus.</summary>
    public string? BlueZBusAddress { get; init; }

    /// <summary>Readings buffered between sensors and the outbox writer; overflow is counted and logged, never silent.</summary>
    public int ChannelCapacity { get; init; } = 16_384;

    /// <summary>First reconnect delay after a sensor drops; doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>, forever.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Refuses a value that cannot work, naming the setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(RunnerName);
        ArgumentOutOfRangeException.ThrowIfLessThan(Runners, 1);
        if (!double.IsFinite(Speed) || Speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Speed), Speed, $"{nameof(Speed)} must be a number above 0.");
        }

        if (BlueZBusAddress is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(BlueZBusAddress);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelCapacity, 1);
        OptionRange.Check(ReconnectInitialDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        OptionRange.Check(ReconnectMaxDelay, ReconnectInitialDelay, TimeSpan.FromHours(1));
        ArgumentNullException.ThrowIfNull(Time);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
    }
}
