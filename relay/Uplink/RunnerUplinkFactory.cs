using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.RunnerKit.Speech;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Builds a runner's uplink with its own clock estimate and credentials, from the run's shared services.</summary>
internal sealed class RunnerUplinkFactory(
    IOutbox outbox, IJoinClient joinClient, SpeechQueue speech, UplinkOptions options, TimeProvider time, ILoggerFactory loggerFactory)
{
    public RunnerUplink Create(int runnerIndex)
    {
        var clock = new ClockOffsetEstimator(options.ClockSmoothing);
        var credentials = new RunnerCredentials(
            runnerIndex, outbox, joinClient, options, clock, time, loggerFactory.CreateLogger<RunnerCredentials>());
        return new RunnerUplink(runnerIndex, outbox, credentials, clock, speech.Enqueue, options, time, loggerFactory);
    }
}
