using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Tests.Cues;

public sealed class CueCatalogTests
{
    private static readonly string[] Muscles =
    [
        "glute", "core", "hip", "hamstring", "calves", "calf", "quads", "shoulders", "diaphragm", "knee", "arms", "heel", "foot", "feet", "jaw",
    ];

    [Fact]
    public void BuiltIn_EverySpokenKind_HasTwoToFourCues()
    {
        var sut = CueCatalog.CreateDefault();

        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            var count = sut.ForKind(kind).Count;
            if (CueCatalog.IsSpoken(kind))
            {
                Assert.InRange(count, 2, 4);
            }
            else
            {
                Assert.Equal(0, count);
            }
        }

        Assert.InRange(sut.CheckIns.Count, 2, 4);
    }

    [Theory]
    [InlineData(AlertKind.SensorLost)]
    [InlineData(AlertKind.LowBattery)]
    [InlineData(AlertKind.ContactLost)]
    public void IsSpoken_CoachOnlyKinds_False(AlertKind kind) => Assert.False(CueCatalog.IsSpoken(kind));

    [Fact]
    public void BuiltIn_EveryCue_AtMostEightWordsNamingABodyPart()
    {
        foreach (var entry in CueCatalog.BuiltIn)
        {
            var text = entry.Render("right");
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

            Assert.True(words.Length <= 8, $"'{text}' has {words.Length} words");
            Assert.Contains(Muscles, m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void BuiltIn_Ids_AreUniqueAndNamedByKind()
    {
        var ids = CueCatalog.BuiltIn.Select(e => e.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(CueCatalog.BuiltIn.Where(e => e.Kind is not null), e => Assert.StartsWith(AlertKindNames.Of(e.Kind!.Value) + ".", e.Id, StringComparison.Ordinal));
        Assert.All(CueCatalog.BuiltIn.Where(e => e.IsCheckIn), e => Assert.StartsWith("checkIn.", e.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void TryResolve_IdWithSide_SubstitutesTheSide()
    {
        var sut = CueCatalog.CreateDefault();

        var found = sut.TryResolve("imbalance.1:left", out var text);

        Assert.True(found);
        Assert.Equal("Squeeze the left glute as you push off", text);
    }

    [Theory]
    [InlineData("cadenceDrop.1", "Lift the knee with your hip flexors, quicker")]
    [InlineData("strideChange.3", "Push the foot into the ground, glutes on")]
    [InlineData("overstride.2", "Paw the ground back with your hamstrings")]
    [InlineData("heavyFootfall.4", "Lift through your core, light feet")]
    [InlineData("imbalance.1:left", "Squeeze the left glute as you push off")]
    [InlineData("hrDrift.1", "Relax your shoulders and breathe")]
    [InlineData("hrCeiling.3", "Slow down, breathe deep into your diaphragm")]
    [InlineData("paceDrop.3", "Pump your arms from the shoulders, push on")]
    [InlineData("checkIn.4", "Core braced? Shoulders loose and low?")]
    public void TryResolve_BuiltInIds_StayStableAcrossReleases(string id, string text)
    {
        var sut = CueCatalog.CreateDefault();

        Assert.True(sut.TryResolve(id, out var resolved));
        Assert.Equal(text, resolved);
    }

    [Theory]
    [InlineData("nope.1")]
    [InlineData("imbalance.1:middle")]
    [InlineData("")]
    [InlineData(null)]
    public void TryResolve_UnknownIdOrSide_False(string? id)
    {
        var sut = CueCatalog.CreateDefault();

        Assert.False(sut.TryResolve(id, out _));
    }

    [Fact]
    public void TryAddCoachCue_ForKind_JoinsThatKindOnlyInThisSession()
    {
        var sut = CueCatalog.CreateDefault();

        var entry = sut.TryAddCoachCue("  Tall spine, hips forward  ", AlertKind.CadenceDrop, checkIn: false, out var error);

        Assert.Null(error);
        Assert.NotNull(entry);
        Assert.Equal("coach.1", entry.Id);
        Assert.Equal("Tall spine, hips forward", entry.Template);
        Assert.Contains(entry, sut.ForKind(AlertKind.CadenceDrop));
        Assert.True(sut.TryResolve("coach.1", out var text));
        Assert.Equal("Tall spine, hips forward", text);
        Assert.DoesNotContain(CueCatalog.CreateDefault().All, e => e.CoachAdded);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("Hold on", AlertKind.SensorLost)]
    public void TryAddCoachCue_BadInput_ReturnsError(string text, AlertKind? kind)
    {
        var sut = CueCatalog.CreateDefault();

        var entry = sut.TryAddCoachCue(text, kind, checkIn: false, out var error);

        Assert.Null(entry);
        Assert.NotNull(error);
    }

    [Fact]
    public void TryAddCoachCue_TooLong_ReturnsError()
    {
        var sut = CueCatalog.CreateDefault();

        Assert.Null(sut.TryAddCoachCue(new string('a', CueCatalog.MaxCoachCueLength + 1), null, checkIn: false, out var error));
        Assert.NotNull(error);
    }
}
