using System.Text.Json.Nodes;
using CsCheck;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.Core.Tests.Fit.FitTestData;
using static MindMuscle.Live.Core.Tests.Fit.GarminFitSdk;

namespace MindMuscle.Live.Core.Tests.Fit;

/// <summary>Garmin's own FIT SDK judges our files, and writes files our reader must agree with.</summary>
public sealed class FitGarminOracleTests
{
    private const long FitEpoch = 631_065_600;

    [Fact]
    public void Write_RandomActivities_GarminReadsEveryFieldOfEveryRecordAsWeDo()
    {
        // Sample runs batches in parallel: each batch gets its own folder.
        FitTestData.Samples.Array[12].Sample(batch =>
        {
            var dir = Directory.CreateTempSubdirectory("mml-fit-oracle-").FullName;
            try
            {
                var activities = batch.Select(samples =>
                {
                    var builder = new FitActivityBuilder();
                    foreach (var s in samples)
                    {
                        builder.Add(s);
                    }

                    return builder.Build(new FitCreator { SerialNumber = 12345 })!;
                }).ToList();
                var paths = activities.Select((a, i) =>
                {
                    var path = Path.Combine(dir, $"{i}.fit");
                    File.WriteAllBytes(path, FitActivityWriter.Write(a));
                    return path;
                }).ToArray();

                var decoded = Decode(paths);

                for (var i = 0; i < activities.Count; i++)
                {
                    AssertGarminAgrees(activities[i], decoded[i]);
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }, iter: 3);
    }

    [Fact]
    public void Read_ActivitiesGarminEncoded_AgreeWithWhatGarminWasGiven()
    {
        GarminActivities.Array[15].Sample(batch =>
        {
            var files = Encode(batch.Select(a => a.Messages).ToList());

            for (var i = 0; i < batch.Length; i++)
            {
                Assert.True(FitReader.TryRead(files[i], out var read, out var error), error.Message);
                Assert.Equal(batch[i].Records.Length, read.Records.Count);
                for (var r = 0; r < batch[i].Records.Length; r++)
                {
                    AssertSameRecord(batch[i].Records[r], read.Records[r]);
                }

                var session = Assert.Single(read.Sessions);
                Assert.True(session.IsRunning);
                AssertClose(batch[i].SessionDistance, session.Totals.DistanceM, "session distance");
                AssertClose(batch[i].SessionGct, session.Totals.AvgGroundContactMs, "session GCT");
                Assert.Equal(4, read.FileId.Type);
            }
        }, iter: 4);
    }

    [Fact]
    public void Write_SimulatedFatigueRun_GarminReadsRunningDynamicsInEveryRecordThatHadThem()
    {
        var model = new RunnerModel(Scenario.Load("fatigue"), seed: 11);
        var start = 1_780_000_000_000L;
        var builder = new FitActivityBuilder();
        var seq = 0;
        for (var tick = 0; tick < 4 * 600; tick++)
        {
            // As the relay sends them: the footpod every 250 ms, the strap and the power pod once a second, apart.
            var v = model.Step(TimeSpan.FromMilliseconds(250));
            var at = start + (tick * 250L);
            if (v.FootpodConnected)
            {
                builder.Add(new MetricSample
                {
                    Seq = ++seq, ObservedAt = at, CadenceSpm = v.CadenceSpm, SpeedMps = v.SpeedMps, StrideLengthM = v.StrideLengthM, DistanceM = v.DistanceM,
                    GroundContactMs = v.GroundContactMs, VerticalOscillationCm = v.VerticalOscillationCm, GctBalanceLeftPct = v.GctBalanceLeftPct,
                });
            }

            if (tick % 4 == 1 && v.HeartRateConnected)
            {
                builder.Add(new MetricSample { Seq = ++seq, ObservedAt = at + 40, HeartRateBpm = (int)Math.Round(v.HeartRateBpm) });
            }

            if (tick % 4 == 3 && v.PowerConnected)
            {
                builder.Add(new MetricSample { Seq = ++seq, ObservedAt = at + 90, PowerW = (int)Math.Round(v.PowerW) });
            }
        }

        var activity = builder.Build()!;

        var garmin = Decode(FitActivityWriter.Write(activity));

        AssertGarminAgrees(activity, garmin);
        var records = Messages(garmin, "recordMesgs");
        var withDynamics = activity.Records.Select((r, i) => (r, i)).Where(x => x.r.GroundContactMs is not null).ToList();
        Assert.True(withDynamics.Count > 500, $"only {withDynamics.Count} of {activity.Records.Count} records had running dynamics");
        Assert.All(withDynamics, x =>
        {
            Assert.NotNull(Number(records[x.i], "stanceTime"));
            Assert.NotNull(Number(records[x.i], "verticalOscillation"));
            Assert.NotNull(Number(records[x.i], "stanceTimeBalance"));
            Assert.NotNull(Number(records[x.i], "stepLength"));
        });
    }

    private static void AssertGarminAgrees(FitActivity ours, JsonObject garmin)
    {
        Assert.True(garmin["isFit"]!.GetValue<bool>(), "Garmin: not a FIT file");
        Assert.True(garmin["integrity"]!.GetValue<bool>(), "Garmin: integrity check failed");
        Assert.Equal("[]", Errors(garmin));

        var records = Messages(garmin, "recordMesgs");
        Assert.Equal(ours.Records.Count, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var want = Quantized(ours.Records[i]);
            var got = records[i];
            Assert.Equal((want.Timestamp / 1000) - FitEpoch, Number(got, "timestamp"));
            Assert.Equal(want.HeartRateBpm, (int?)Number(got, "heartRate"));
            AssertClose(want.CadenceSpm, Number(got, "cadence") is { } c ? 2 * (c + (Number(got, "fractionalCadence") ?? 0)) : null, "cadence");
            AssertClose(want.SpeedMps, Number(got, "enhancedSpeed"), "enhancedSpeed", 1e-6);
            AssertClose(want.DistanceM, Number(got, "distance"), "distance", 1e-6);
            Assert.Equal(want.PowerW, (int?)Number(got, "power"));
            AssertClose(want.GroundContactMs, Number(got, "stanceTime"), "stanceTime", 1e-6);
            AssertClose(want.GctBalanceLeftPct, Number(got, "stanceTimeBalance"), "stanceTimeBalance", 1e-6);
            AssertClose(want.VerticalOscillationCm * 10, Number(got, "verticalOscillation"), "verticalOscillation mm", 1e-6);
            AssertClose(want.StrideLengthM * 1000, Number(got, "stepLength"), "stepLength mm", 1e-6);
        }

        var laps = Messages(garmin, "lapMesgs");
        Assert.Equal(ours.Laps.Count, laps.Count);
        for (var i = 0; i < laps.Count; i++)
        {
            var t = ours.Laps[i].Totals;
            Assert.Equal((t.StartedAt / 1000) - FitEpoch, Number(laps[i], "startTime"));
            AssertClose(Round(t.ElapsedS, 1000), Number(laps[i], "totalElapsedTime"), "lap elapsed", 1e-6);
            AssertClose(Round(t.DistanceM, 100), Number(laps[i], "totalDistance"), "lap distance", 1e-6);
            AssertClose(Round(t.AvgGroundContactMs, 10), Number(laps[i], "avgStanceTime"), "lap avgStanceTime", 1e-6);
            Assert.Equal((int)ours.Laps[i].Intensity, (int?)Number(laps[i], "intensity"));
        }

        var session = Assert.Single(Messages(garmin, "sessionMesgs"))!;
        var st = ours.Sessions[0].Totals;
        Assert.Equal(1, Number(session, "sport"));
        Assert.Equal(ours.Laps.Count, (int?)Number(session, "numLaps"));
        AssertClose(Round(st.DistanceM, 100), Number(session, "totalDistance"), "session distance", 1e-6);
        AssertClose(Round(st.AvgGroundContactMs, 10), Number(session, "avgStanceTime"), "session avgStanceTime", 1e-6);
        AssertClose(Round(st.AvgVerticalOscillationCm * 10, 10), Number(session, "avgVerticalOscillation"), "session avgVerticalOscillation", 1e-6);
        AssertClose(Round(st.AvgStrideLengthM * 1000, 10), Number(session, "avgStepLength"), "session avgStepLength", 1e-6);
        AssertClose(Round(st.AvgGctBalanceLeftPct, 100), Number(session, "avgStanceTimeBalance"), "session avgStanceTimeBalance", 1e-6);

        var fileId = (JsonObject)Assert.Single(Messages(garmin, "fileIdMesgs"))!;
        Assert.Equal(4, Number(fileId, "type"));
        Assert.Equal(255, Number(fileId, "manufacturer"));
        Assert.Equal("MindMuscle.Live", fileId["productName"]?.GetValue<string>());
        Assert.Equal("MindMuscle.Live", Assert.Single(Messages(garmin, "deviceInfoMesgs"))!["productName"]?.GetValue<string>());
        Assert.Single(Messages(garmin, "activityMesgs"));
        Assert.Equal(2, Messages(garmin, "eventMesgs").Count);
    }

    /// <summary>An activity as Garmin's encoder is given it (values on each field's grid), and what our reader must find.</summary>
    public sealed record GarminActivity(JsonArray Messages, FitRecord[] Records, double SessionDistance, double? SessionGct);

    /// <summary>Records with random subsets of fields (so Garmin's encoder cycles through local message types), speed or enhanced_speed.</summary>
    private static readonly Gen<GarminActivity> GarminActivities =
        Gen.Select(Gen.Long[1_000_000_000, 1_200_000_000], Gen.Int[1, 120]).SelectMany((start, count) =>
            Gen.Select(Gen.Int[0, 2047], Gen.Int[40, 220], Gen.Int[30, 120], Gen.Int[0, 127], Gen.Int[0, 9000], Gen.Select(Gen.Int[0, 900], Gen.Int[1500, 4000], Gen.Int[4000, 6000], Gen.Int[40, 140], Gen.Int[500, 2200]))
                .Array[count]
                .Select(rows =>
                {
                    var messages = new JsonArray
                    {
                        new JsonObject { ["mesgNum"] = 0, ["type"] = 4, ["manufacturer"] = 1, ["product"] = 3121, ["timeCreated"] = start, ["serialNumber"] = 3_900_000_001L },
                        new JsonObject { ["mesgNum"] = 21, ["timestamp"] = start, ["event"] = 0, ["eventType"] = 0 },
                    };
                    var records = new FitRecord[rows.Length];
                    var distanceCm = 0L;
                    double gctSum = 0;
                    var gctCount = 0;
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var (mask, hr, cad, frac, speedMm, (power, gct10, bal100, vo10, step10)) = rows[i];
                        distanceCm += speedMm / 10;
                        var m = new JsonObject { ["mesgNum"] = 20, ["timestamp"] = start + i };
                        var r = new FitRecord { Timestamp = (start + i + FitEpoch) * 1000 };
                        if ((mask & 1) != 0) { m["heartRate"] = hr; r = r with { HeartRateBpm = hr }; }
                        if ((mask & 2) != 0) { m["cadence"] = cad; m["fractionalCadence"] = frac / 128.0; r = r with { CadenceSpm = 2 * (cad + (frac / 128.0)) }; }
                        if ((mask & 4) != 0) { m[(mask & 8) != 0 ? "enhancedSpeed" : "speed"] = speedMm / 1000.0; r = r with { SpeedMps = speedMm / 1000.0 }; }
                        if ((mask & 16) != 0) { m["distance"] = distanceCm / 100.0; r = r with { DistanceM = distanceCm / 100.0 }; }
                        if ((mask & 32) != 0) { m["power"] = power; r = r with { PowerW = power }; }
                        if ((mask & 64) != 0) { m["stanceTime"] = gct10 / 10.0; r = r with { GroundContactMs = gct10 / 10.0 }; gctSum += gct10 / 10.0; gctCount++; }
                        if ((mask & 128) != 0) { m["stanceTimeBalance"] = bal100 / 100.0; r = r with { GctBalanceLeftPct = bal100 / 100.0 }; }
                        if ((mask & 256) != 0) { m["verticalOscillation"] = vo10 / 10.0; r = r with { VerticalOscillationCm = vo10 / 100.0 }; }
                        if ((mask & 512) != 0) { m["stepLength"] = step10 / 10.0; r = r with { StrideLengthM = step10 / 10_000.0 }; }
                        messages.Add(m);
                        records[i] = r;
                    }

                    var end = start + rows.Length;
                    double? avgGct = gctCount > 0 ? Math.Round(gctSum / gctCount * 10) / 10 : null;
                    messages.Add(new JsonObject { ["mesgNum"] = 21, ["timestamp"] = end, ["event"] = 0, ["eventType"] = 4 });
                    messages.Add(new JsonObject
                    {
                        ["mesgNum"] = 19, ["timestamp"] = end, ["startTime"] = start, ["totalElapsedTime"] = (double)rows.Length,
                        ["totalDistance"] = distanceCm / 100.0, ["messageIndex"] = 0,
                    });
                    var session = new JsonObject
                    {
                        ["mesgNum"] = 18, ["timestamp"] = end, ["startTime"] = start, ["totalElapsedTime"] = (double)rows.Length,
                        ["totalDistance"] = distanceCm / 100.0, ["sport"] = 1, ["subSport"] = 0, ["numLaps"] = 1, ["messageIndex"] = 0,
                    };
                    if (avgGct is { } g)
                    {
                        session["avgStanceTime"] = g;
                    }

                    messages.Add(session);
                    messages.Add(new JsonObject { ["mesgNum"] = 34, ["timestamp"] = end, ["numSessions"] = 1, ["type"] = 0, ["event"] = 26, ["eventType"] = 1 });
                    return new GarminActivity(messages, records, distanceCm / 100.0, avgGct);
                }));
}
