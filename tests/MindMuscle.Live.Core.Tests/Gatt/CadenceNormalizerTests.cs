using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Core.Tests.Gatt;

public sealed class CadenceNormalizerTests
{
    [Theory]
    [InlineData(CadenceMode.PerFoot, 88, 176.0)]
    [InlineData(CadenceMode.Steps, 176, 176.0)]
    [InlineData(CadenceMode.PerFoot, 0, 0.0)]
    public void Normalize_ConfiguredMode_AppliesItWhateverTheData(CadenceMode mode, byte raw, double spm)
    {
        var sut = CreateSut(mode);

        var reading = sut.Normalize(Rsc(raw, running: false));

        Assert.Equal(spm, reading.CadenceSpm);
        Assert.Equal(mode, reading.AppliedMode);
        Assert.Equal(CadenceEvidence.Configured, reading.Evidence);
    }

    [Fact]
    public void Normalize_AutoSpeedAndStrideMatchHalf_ReadsPerFoot()
    {
        var sut = CreateSut();

        // 4 m/s over 1.40 m steps = 171 steps/min; raw 86 ≈ half of that.
        var reading = sut.Normalize(Rsc(86, running: true, speedMps: 4.0, strideM: 1.40));

        Assert.Equal(172.0, reading.CadenceSpm);
        Assert.Equal(CadenceMode.PerFoot, reading.AppliedMode);
        Assert.Equal(CadenceEvidence.SpeedAndStride, reading.Evidence);
    }

    [Fact]
    public void Normalize_AutoSpeedAndStrideMatchWhole_ReadsSteps()
    {
        var sut = CreateSut();

        var reading = sut.Normalize(Rsc(170, running: true, speedMps: 4.0, strideM: 1.40));

        Assert.Equal(170.0, reading.CadenceSpm);
        Assert.Equal(CadenceMode.Steps, reading.AppliedMode);
        Assert.Equal(CadenceEvidence.SpeedAndStride, reading.Evidence);
    }

    [Fact]
    public void Normalize_AutoSpeedAndStrideWalkingPerFoot_ReadsPerFootDespiteWalkingAmbiguity()
    {
        var sut = CreateSut();

        // Walking 1.4 m/s with 0.7 m steps = 120 steps/min; raw 60 per foot. Range alone would also say per foot;
        // raw 100 at the same speed/stride is neither half nor whole (0.83 → steps).
        var reading = sut.Normalize(Rsc(60, running: false, speedMps: 1.4, strideM: 0.7));

        Assert.Equal(120.0, reading.CadenceSpm);
        Assert.Equal(CadenceEvidence.SpeedAndStride, reading.Evidence);
    }

    [Theory]
    [InlineData(85, 170.0, CadenceMode.PerFoot)]
    [InlineData(119, 238.0, CadenceMode.PerFoot)]
    [InlineData(120, 120.0, CadenceMode.Steps)]
    [InlineData(178, 178.0, CadenceMode.Steps)]
    public void Normalize_AutoRunningWithoutStride_UsesHumanRunningRange(byte raw, double spm, CadenceMode applied)
    {
        var sut = CreateSut();

        var reading = sut.Normalize(Rsc(raw, running: true));

        Assert.Equal(spm, reading.CadenceSpm);
        Assert.Equal(applied, reading.AppliedMode);
        Assert.Equal(CadenceEvidence.RunningRange, reading.Evidence);
    }

    [Theory]
    [InlineData(55, 110.0)]
    [InlineData(140, 140.0)]
    public void Normalize_AutoWalkingClearCases_Convert(byte raw, double spm)
    {
        var sut = CreateSut();

        var reading = sut.Normalize(Rsc(raw, running: false));

        Assert.Equal(spm, reading.CadenceSpm);
        Assert.Equal(CadenceEvidence.WalkingRange, reading.Evidence);
    }

    [Theory]
    [InlineData(70)]
    [InlineData(90)]
    [InlineData(135)]
    public void Normalize_AutoWalkingAmbiguous_LeavesCadenceNullAndWarns(byte raw)
    {
        var sut = CreateSut();

        var reading = sut.Normalize(Rsc(raw, running: false));

        Assert.Null(reading.CadenceSpm);
        Assert.Equal(GattWarnings.CadenceAmbiguous, reading.Warnings);
        Assert.Equal(CadenceMode.Auto, sut.DecidedMode);
    }

    [Fact]
    public void Normalize_AutoZero_IsZeroWithoutDeciding()
    {
        var sut = CreateSut();

        var reading = sut.Normalize(Rsc(0, running: false));

        Assert.Equal(0.0, reading.CadenceSpm);
        Assert.Equal(CadenceMode.Auto, sut.DecidedMode);
    }

    [Fact]
    public void Normalize_ThreeStrongPerFootVotes_StickAndResolveLaterWalkingAmbiguity()
    {
        var sut = CreateSut();
        for (var i = 0; i < CadenceNormalizer.StrongVotesToStick; i++)
        {
            sut.Normalize(Rsc(86, running: true, speedMps: 4.0, strideM: 1.40));
        }

        var walking = sut.Normalize(Rsc(90, running: false));

        Assert.Equal(CadenceMode.PerFoot, sut.DecidedMode);
        Assert.Equal(180.0, walking.CadenceSpm);
        Assert.Equal(CadenceEvidence.Sticky, walking.Evidence);
    }

    [Fact]
    public void Normalize_TwoStrongVotesThenContradiction_DoesNotStick()
    {
        var sut = CreateSut();
        sut.Normalize(Rsc(86, running: true, speedMps: 4.0, strideM: 1.40));
        sut.Normalize(Rsc(86, running: true, speedMps: 4.0, strideM: 1.40));

        sut.Normalize(Rsc(170, running: true, speedMps: 4.0, strideM: 1.40));

        Assert.Equal(CadenceMode.Auto, sut.DecidedMode);
    }

    [Fact]
    public void Normalize_TenRunningRangeVotes_Stick()
    {
        var sut = CreateSut();
        for (var i = 0; i < CadenceNormalizer.VotesToStick - 1; i++)
        {
            sut.Normalize(Rsc(172, running: true));
        }

        var undecided = sut.DecidedMode;
        sut.Normalize(Rsc(172, running: true));

        Assert.Equal(CadenceMode.Auto, undecided);
        Assert.Equal(CadenceMode.Steps, sut.DecidedMode);
    }

    [Fact]
    public void Reset_AfterSticking_ForgetsTheDecision()
    {
        var sut = CreateSut();
        for (var i = 0; i < CadenceNormalizer.StrongVotesToStick; i++)
        {
            sut.Normalize(Rsc(170, running: true, speedMps: 4.0, strideM: 1.40));
        }

        sut.Reset();

        Assert.Equal(CadenceMode.Auto, sut.DecidedMode);
    }

    [Fact]
    public void Normalize_StickyPerFootWithRaw130_FlagsCadenceAbove250()
    {
        var sut = CreateSut(CadenceMode.PerFoot);

        var reading = sut.Normalize(Rsc(130, running: true));

        Assert.Equal(260.0, reading.CadenceSpm);
        Assert.Equal(GattWarnings.CadenceOutOfRange, reading.Warnings);
    }

    private static CadenceNormalizer CreateSut(CadenceMode mode = CadenceMode.Auto) => new(mode);

    private static RscMeasurement Rsc(byte raw, bool running, double speedMps = 0, double? strideM = null) => new()
    {
        CadenceRaw = raw,
        IsRunning = running,
        SpeedRaw = (ushort)Math.Round(speedMps * 256),
        StrideLengthRaw = strideM is { } s ? (ushort)Math.Round(s * 100) : null,
    };
}
