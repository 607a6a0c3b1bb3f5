using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class MissedSampleFillerTests
{
    private const string Session = "s1";
    private const string Runner = "r1";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    private readonly Channel<LiveEvent> _emitted = Channel.CreateUnbounded<LiveEvent>();
    private readonly IRecordedSamples _recording = Substitute.For<IRecordedSamples>();

    [Fact]
    public async Task Note_SeqJump_SkippedSeqsReadBackAfterTheDelay()
    {
        _recording.GetSamplesAsync(Session, Runner, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(Samples(1, 2, 3, 4, 5, 6, 7));
        var sut = CreateSut(_recording);

        sut.Note(Frame(1, 2, 3));
        sut.Note(Frame(6, 7));
        await sut.Filling.WaitAsync(Step, TestContext.Current.CancellationToken);

        var filled = Assert.IsType<GapFilled>(Assert.Single(Drain()));
        Assert.Equal((GapCause.SeqJump, 4L, 5L), (filled.Cause, filled.FromSeq, filled.ToSeq));
        Assert.Equal([4L, 5], filled.Samples.Select(s => s.Seq));
        await _recording.Received(1).GetSamplesAsync(Session, Runner, ObservedAt(3), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task FillGapsAfterResync_SnapshotPastWhatWasSeen_ReadsTheGapBack()
    {
        _recording.GetSamplesAsync(Session, Runner, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(Samples(3, 4, 5, 6, 7));
        var sut = CreateSut(_recording);
        sut.Note(Frame(1, 2, 3));
        var seenBefore = sut.SeenSoFar();

        sut.FillGapsAfterResync(Snapshot(lastSeq: 7), seenBefore);
        await sut.Filling.WaitAsync(Step, TestContext.Current.CancellationToken);

        var filled = Assert.IsType<GapFilled>(Assert.Single(Drain()));
        Assert.Equal((GapCause.Resync, 4L, 7L), (filled.Cause, filled.FromSeq, filled.ToSeq));
        Assert.Equal([4L, 5, 6, 7], filled.Samples.Select(s => s.Seq));
        Assert.Null(filled.Error);
    }

    [Fact]
    public async Task FillGapsAfterResync_RecordingUnreachable_GapFilledCarriesTheError()
    {
        _recording.GetSamplesAsync(Session, Runner, Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HttpRequestException("connection refused"));
        var sut = CreateSut(_recording);
        sut.Note(Frame(1));

        sut.FillGapsAfterResync(Snapshot(lastSeq: 4), sut.SeenSoFar());
        await sut.Filling.WaitAsync(Step, TestContext.Current.CancellationToken);

        var filled = Assert.IsType<GapFilled>(Assert.Single(Drain()));
        Assert.Empty(filled.Samples);
        Assert.Contains("connection refused", filled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Note_SeqJumpWithoutRecording_OnlyRemembers()
    {
        var sut = CreateSut(recording: null);

        sut.Note(Frame(1, 2, 3));
        sut.Note(Frame(6, 7));
        sut.FillGapsAfterResync(Snapshot(lastSeq: 9), new Dictionary<string, (long Seq, long ObservedAt)>());
        await sut.Filling.WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.Empty(Drain());
        Assert.Equal(7, sut.SeenSoFar()[Runner].Seq);
    }

    private MissedSampleFiller CreateSut(IRecordedSamples? recording) =>
        new(Session, recording, TimeSpan.FromMinutes(3), TimeProvider.System, e => _emitted.Writer.WriteAsync(e).AsTask(), CancellationToken.None);

    private List<LiveEvent> Drain()
    {
        var events = new List<LiveEvent>();
        while (_emitted.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    private static long ObservedAt(long seq) => 1_800_000_000_000 + (seq * 250);

    private static MetricSample[] Samples(params long[] seqs) =>
        [.. seqs.Select(s => new MetricSample { Seq = s, ObservedAt = ObservedAt(s), CadenceSpm = 170 })];

    private static SamplesFrame Frame(params long[] seqs) =>
        new() { SessionId = Session, Runners = [new RunnerSamples { RunnerId = Runner, Samples = Samples(seqs) }] };

    private static SessionSnapshot Snapshot(long lastSeq) => new()
    {
        Runners = [new RunnerSnapshot { RunnerId = Runner, LastSeq = lastSeq, Latest = Samples(lastSeq)[0] }],
        HubTime = ObservedAt(lastSeq),
    };
}
