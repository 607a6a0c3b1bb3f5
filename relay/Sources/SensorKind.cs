namespace MindMuscle.Live.Relay.Sources;

internal enum SensorKind
{
    HeartRate = 0,
    Footpod = 1,
    Power = 2,
}
