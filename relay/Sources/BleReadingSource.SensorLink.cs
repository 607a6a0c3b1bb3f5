using MindMuscle.Live.Relay.Ble;

namespace MindMuscle.Live.Relay.Sources;

internal sealed partial class BleReadingSource
{
    /// <summary>One claimed sensor: its device, its decoder state, its subscriptions and its lost signal.</summary>
    private sealed class SensorLink(int runner, SensorKind sensor, IBleDevice device)
    {
        private readonly Lock _gate = new();
        private readonly List<(IBleCharacteristic Characteristic, EventHandler<BleValueUpdatedEventArgs> Handler)> _subscriptions = [];
        private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runner { get; } = runner;

        public SensorKind Sensor { get; } = sensor;

        public IBleDevice Device { get; } = device;

        public GattPayloadCodec Codec { get; } = new();

        public int? BatteryPct { get; set; }

        public DateTimeOffset NulledAnnouncedAt { get; set; } = DateTimeOffset.MinValue;

        public SensorState State { get; set; } = SensorState.Connecting;

        public Task Running { get; set; } = Task.CompletedTask;

        public Task ArmLost()
        {
            lock (_gate)
            {
                if (_lost.Task.IsCompleted)
                {
                    _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return _lost.Task;
            }
        }

        public void SignalLost()
        {
            lock (_gate)
            {
                _lost.TrySetResult();
            }
        }

        public void Track(IBleCharacteristic characteristic, EventHandler<BleValueUpdatedEventArgs> handler)
        {
            lock (_gate)
            {
                _subscriptions.Add((characteristic, handler));
            }
        }

        public void Unsubscribe()
        {
            lock (_gate)
            {
                foreach (var (characteristic, handler) in _subscriptions)
                {
                    characteristic.ValueUpdated -= handler;
                }

                _subscriptions.Clear();
            }
        }
    }
}
