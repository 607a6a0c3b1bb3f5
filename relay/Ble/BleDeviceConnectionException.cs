namespace MindMuscle.Live.Relay.Ble;

/// <summary>A connect (or a GATT operation that needs a connection) failed: out of range, refused, timed out.</summary>
internal sealed class BleDeviceConnectionException : Exception
{
    public BleDeviceConnectionException()
    {
    }

    public BleDeviceConnectionException(string message)
        : base(message)
    {
    }

    public BleDeviceConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
