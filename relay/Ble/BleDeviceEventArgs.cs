namespace MindMuscle.Live.Relay.Ble;

internal sealed class BleDeviceEventArgs(IBleDevice device) : EventArgs
{
    public IBleDevice Device { get; } = device;
}
