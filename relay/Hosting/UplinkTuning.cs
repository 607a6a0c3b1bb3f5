using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>Adjusts the runners' uplink options (tests shrink delays; the CLI takes the defaults).</summary>
internal sealed class UplinkTuning(Func<UplinkOptions, UplinkOptions>? tune = null)
{
    public UplinkOptions Tune(UplinkOptions options) => tune?.Invoke(options) ?? options;
}
