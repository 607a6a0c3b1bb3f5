namespace MindMuscle.Live.Relay.Ble;

/// <summary>A value notification: a snapshot of the bytes (never a shared buffer) and when it arrived.</summary>
internal sealed class BleValueUpdatedEventArgs(IBleCharacteristic characteristic, byte[] value, DateTimeOffset receivedAt) : EventArgs
{
    public IBleCharacteristic Characteristic { get; } = characteristic;

    public byte[] Value { get; } = value;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;
}
