namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>BlueZ cannot be used here: no system bus, bluetoothd not running, or no Bluetooth adapter. The message says what to do.</summary>
internal sealed class BlueZUnavailableException : Exception
{
    public BlueZUnavailableException()
    {
    }

    public BlueZUnavailableException(string message)
        : base(message)
    {
    }

    public BlueZUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
