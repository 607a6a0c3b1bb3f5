using CsCheck;
using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Tests.Measure;

public sealed class TailCausesTests
{
    /// <summary>Pauses of one process: back to back gaps and lengths, so they never overlap, sorted by start.</summary>
    private static readonly Gen<(long Start, long End)[]> Pauses =
        Gen.Select(Gen.Long[1, 50], Gen.Long[0, 20]).Array[0, 30].Select(steps =>
        {
            var pauses = new (long, long)[steps.Length];
            long at = 0;
            for (var i = 0; i < steps.Length; i++)
            {
                at += steps[i].Item1;
                pauses[i] = (at, at + steps[i].Item2);
                at += steps[i].Item2;
            }

            return pauses;
        });

    [Fact]
    public void Overlaps_AnyInterval_AgreesWithCheckingEveryPause()
    {
        Gen.Select(Pauses, Gen.Long[0, 1200], Gen.Long[0, 100]).Sample((pauses, from, length) =>
        {
            var to = from + length;
            var expected = pauses.Any(p => p.Start <= to && p.End >= from);

            Assert.Equal(expected, TailCauses.Overlaps(pauses, from, to));
        });
    }

    [Fact]
    public void Of_TailsAcrossPauses_SortsEachTailByTheProcessesThatPausedAndSkipsThoseSentOutsideTheWindow()
    {
        (long, long)[] hub = [(100, 110)];
        (long, long)[] generator = [(105, 120), (300, 305)];
        (long, long)[] tails = [(90, 101), (108, 130), (115, 130), (290, 310), (400, 450), (10, 200), (1000, 1100)];

        var sut = TailCauses.Of(tails, hub, generator, windowStart: 50, windowEnd: 1000);

        Assert.Equal(new TailCauses(Tail: 5, HubGcOnly: 1, GeneratorGcOnly: 2, Both: 1, Neither: 1), sut);
    }
}
