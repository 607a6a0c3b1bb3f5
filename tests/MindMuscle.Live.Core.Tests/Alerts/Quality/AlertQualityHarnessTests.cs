using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Quality;

namespace MindMuscle.Live.Core.Tests.Alerts.Quality;

/// <summary>Holds the alert-quality targets on the standard labelled cases (docs/alert-quality.md).</summary>
public sealed class AlertQualityHarnessTests
{
    private static readonly Lazy<AlertQualityReport> Standard = new(() => AlertQualityHarness.Run(AlertQualityHarness.StandardCases()));

    [Fact]
    public void Run_StandardCases_MeetsEveryTarget()
    {
        var report = Standard.Value;

        Assert.True(report.MeetsTargets, AlertQualityMarkdown.Table(report));
    }

    [Fact]
    public void Run_StandardCases_EveryKindIsExercisedAndDetected()
    {
        var report = Standard.Value;

        Assert.All(report.Kinds, k =>
        {
            Assert.True(k.Expected > 0, $"{k.Kind} has no labelled case");
            Assert.True(k.DetectionRate >= AlertQualityReport.TargetDetectionRate, $"{k.Kind}: {k.Detected}/{k.Expected}");
            Assert.True(k.MedianDelaySeconds <= AlertQualityReport.TargetMedianDelaySeconds, $"{k.Kind}: median {k.MedianDelaySeconds} s");
        });
    }

    [Fact]
    public void Run_StandardCases_NoRepFadeWithoutReps()
    {
        var report = Standard.Value;

        Assert.DoesNotContain(report.Kinds, k => k.Kind == AlertKind.RepFade);
        Assert.DoesNotContain(report.Misses, m => m.Contains("repFade", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_StandardCases_SteadyRunsGiveAtMostOneFalseAlertPerRunnerHour()
    {
        var report = Standard.Value;

        Assert.True(report.SteadyRunnerHours >= 10, $"only {report.SteadyRunnerHours} steady runner-hours");
        Assert.True(report.FalseAlertsPerRunnerHour <= AlertQualityReport.TargetFalseAlertsPerRunnerHour, string.Join("\n", report.Misses));
        Assert.True(report.Scenarios >= 8, $"{report.Scenarios} scenarios");
    }

    [Fact]
    public void Run_SameCasesTwice_SameFigures()
    {
        var cases = AlertQualityHarness.StandardCases(seeds: 1);

        var first = AlertQualityHarness.Run(cases);
        var second = AlertQualityHarness.Run(cases);

        Assert.Equal(first.Kinds, second.Kinds);
        Assert.Equal(first.Misses, second.Misses);
    }

    [Fact]
    public void Run_EngineTooSlowForADeviation_ReportsTheMissAndFailsTargets()
    {
        var steps = AlertQualityHarness.LoadQualityScenario("quality-steps");
        var slow = AlertSettings.Default with { CadenceDropSeconds = 600, TargetPaceSecPerKm = 1000 / steps.Profile.SpeedMps };

        var report = AlertQualityHarness.Run([new AlertQualityCase(steps, 1, steps.Profile, slow)]);

        var cadence = report.Kinds.Single(k => k.Kind == AlertKind.CadenceDrop);
        Assert.Equal(1, cadence.Expected);
        Assert.Equal(0, cadence.Detected);
        Assert.Contains(report.Misses, m => m.StartsWith("missed on quality-steps#1: cadenceDrop", StringComparison.Ordinal));
        Assert.False(report.MeetsTargets);
    }
}
