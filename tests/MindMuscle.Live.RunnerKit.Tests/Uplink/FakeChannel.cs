using System.Threading.Channels;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.RunnerKit.Tests.Uplink;

/// <summary>A hub connection whose publishes the test answers one by one (or at once, with <see cref="AutoAck"/>).</summary>
internal sealed class FakeChannel : IPublishChannel
{
    private readonly Channel<Publish> _publishes = Channel.CreateUnbounded<Publish>();
    private int _inFlight;

    public bool IsConnected { get; set; }

    /// <summary>When set, each publish is answered at once with this function's ack.</summary>
    public Func<SampleBatch, PublishAck>? AutoAck { get; set; }

    public List<SampleBatch> Sent { get; } = [];

    public int MaxInFlight { get; private set; }

    public Task<PublishAck> PublishAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add(batch);
        }

        if (AutoAck is { } auto)
        {
            return Task.FromResult(auto(batch));
        }

        var inFlight = Interlocked.Increment(ref _inFlight);
        MaxInFlight = Math.Max(MaxInFlight, inFlight);
        var answer = new TaskCompletionSource<PublishAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        _publishes.Writer.TryWrite(new Publish(batch, answer, () => Interlocked.Decrement(ref _inFlight)));
        return answer.Task;
    }

    public async Task<Publish> NextAsync() => await _publishes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool TryNext(out Publish? publish) => _publishes.Reader.TryRead(out publish);

    public static PublishAck AckAll(SampleBatch batch, long hubTime = 0) => new()
    {
        UpTo = batch.Samples[^1].Seq, HubTime = hubTime, Accepted = batch.Samples.Length,
    };

    internal sealed record Publish(SampleBatch Batch, TaskCompletionSource<PublishAck> Answer, Action Done)
    {
        public long First => Batch.Samples[0].Seq;

        public long Last => Batch.Samples[^1].Seq;

        public void Ack(long upTo, long hubTime = 0)
        {
            Done();
            Answer.SetResult(new PublishAck { UpTo = upTo, HubTime = hubTime, Accepted = Batch.Samples.Length });
        }

        public void Fail(Exception error)
        {
            Done();
            Answer.SetException(error);
        }
    }
}
