namespace MindMuscle.Live.Relay.Sources;

internal enum SensorState
{
    Searching = 0,
    Connecting = 1,
    Connected = 2,
    Lost = 3,
}
