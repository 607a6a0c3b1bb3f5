namespace MindMuscle.Live.Relay.Ble;

internal enum BleDeviceState
{
    Disconnected = 0,
    Connecting = 1,
    Connected = 2,
}
