using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MindMuscle.Live.TestKit.Hosting;

/// <summary>
/// Sums the long counters of one in-process host (its own <see cref="IMeterFactory"/>, so hosts of parallel tests
/// do not mix), keyed <c>name</c>, or <c>name/value</c> when a measurement carries one of the tags asked for.
/// </summary>
public sealed class MeterTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MeterTotals(IServiceProvider services, Func<Instrument, bool> include, params string[] tagKeys)
    {
        ArgumentNullException.ThrowIfNull(services);
        var scope = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && include(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                if (tagKeys.Contains(t.Key))
                {
                    tag = t.Value?.ToString();
                }
            }

            _totals.AddOrUpdate(tag is null ? instrument.Name : $"{instrument.Name}/{tag}", value, (_, v) => v + value);
        });
        _listener.Start();
    }

    public IReadOnlyDictionary<string, long> Totals => _totals;

    /// <summary>Sum of a counter's measurements so far (<c>name</c> or <c>name/value</c>).</summary>
    public long Total(string key) => _totals.GetValueOrDefault(key);

    public void Dispose() => _listener.Dispose();
}
