using CsCheck;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Tests.Cues;

public sealed class CueRotationTests
{
    private static readonly AlertKind[] Spoken = [.. Enum.GetValues<AlertKind>().Where(CueCatalog.IsSpoken)];

    [Fact]
    public void Next_AnySequenceOfKindsAndCoachCues_NeverRepeatsTheLastSentence()
    {
        var steps = Gen.Int[0, Spoken.Length].Select(Gen.Bool, Gen.Int[0, 3], (k, left, other) => (k, left, other)).Array[1, 200];

        steps.Sample(sequence =>
        {
            var catalog = CueCatalog.CreateDefault();
            catalog.TryAddCoachCue("Tall hips, light feet", AlertKind.CadenceDrop, checkIn: false, out _);
            var sut = new CueRotation(catalog);
            string? last = null;
            foreach (var (k, left, other) in sequence)
            {
                string text;
                if (other == 0)
                {
                    text = catalog.ForKind(AlertKind.CadenceDrop)[0].Template;
                    sut.NoteHeard("r", text);
                }
                else
                {
                    var choice = k == Spoken.Length ? sut.NextCheckIn("r") : sut.Next("r", Spoken[k], left ? "left" : "right");
                    Assert.NotNull(choice);
                    text = choice.Value.Text;
                    Assert.NotEqual(last, text);
                }

                last = text;
            }
        }, iter: 300);
    }

    [Fact]
    public void Next_SameKindRepeatedly_CyclesThroughAllCues()
    {
        var catalog = CueCatalog.CreateDefault();
        var sut = new CueRotation(catalog);

        var texts = Enumerable.Range(0, 3).Select(_ => sut.Next("r", AlertKind.HrDrift, null)!.Value.Text).ToList();

        Assert.Equal(catalog.ForKind(AlertKind.HrDrift).Select(e => e.Template), texts);
    }

    [Fact]
    public void Next_CoachOnlyKind_ReturnsNull()
    {
        var sut = new CueRotation(CueCatalog.CreateDefault());

        Assert.Null(sut.Next("r", AlertKind.LowBattery, null));
    }

    [Fact]
    public void Next_RunnersRotateIndependently()
    {
        var sut = new CueRotation(CueCatalog.CreateDefault());

        var a = sut.Next("a", AlertKind.PaceDrop, null);
        var b = sut.Next("b", AlertKind.PaceDrop, null);

        Assert.Equal(a, b);
    }
}
