using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Export;

namespace MindMuscle.Live.Hub.Tests.Export;

/// <summary>The FIT and TCX exports of a runner recorded as the relay sends it: a heart-rate strap and a footpod notifying apart.</summary>
public sealed class WorkoutExportTests
{
    private static readonly XNamespace Tcx = TcxExport.TcxNamespace;
    private static readonly XNamespace Ext = TcxExport.ExtensionNamespace;

    [Fact]
    public async Task ExportTcx_StrapAndFootpodApart_OneTrackpointPerSecondStrictlyIncreasingWithMergedValues()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, start) = await RecordAsync(host, Steady(165));

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{runnerId}/export.tcx", coachKey: true), TestContext.Current.CancellationToken);
        var xml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var points = XDocument.Parse(xml).Descendants(Tcx + "Trackpoint").ToList();
        var times = points.Select(p => DateTimeOffset.Parse(p.Element(Tcx + "Time")!.Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(ValidateTcx(xml));
        Assert.Equal(165, points.Count);
        Assert.Equal(Enumerable.Range(0, 165).Select(i => start + (i * 1000L)), times);
        Assert.All(points, p =>
        {
            Assert.NotNull(p.Element(Tcx + "HeartRateBpm"));
            Assert.NotNull(p.Element(Tcx + "DistanceMeters"));
            Assert.NotNull(p.Descendants(Ext + "RunCadence").SingleOrDefault());
        });
    }

    [Fact]
    public async Task ExportTcx_TwoRepsWithRecoveries_OneLapPerRepAndRecoveryValidAgainstXsd()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, _) = await RecordAsync(host, Intervals());

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{runnerId}/export.tcx", bearer: session.CoachToken), TestContext.Current.CancellationToken);
        var xml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var laps = XDocument.Parse(xml).Descendants(Tcx + "Lap").ToList();

        Assert.Empty(ValidateTcx(xml));
        Assert.Equal(["Active", "Active", "Resting", "Active", "Active"], laps.Select(l => l.Element(Tcx + "Intensity")!.Value));
        var repSeconds = double.Parse(laps[1].Element(Tcx + "TotalTimeSeconds")!.Value, CultureInfo.InvariantCulture);
        Assert.InRange(repSeconds, 115, 125);
        Assert.All(laps, l => Assert.NotEmpty(l.Descendants(Tcx + "Trackpoint")));
    }

    [Fact]
    public async Task ExportFit_StrapAndFootpod_RecordsPerSecondWithRunningDynamicsAndRepLaps()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, start) = await RecordAsync(host, Intervals());

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{runnerId}/export.fit", coachKey: true), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FitExport.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{session.SessionId}-{runnerId}.fit", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(FitReader.TryRead(bytes, out var activity, out var error), error.Message);
        Assert.Equal(start, activity.Records[0].Timestamp);
        Assert.All(activity.Records, r =>
        {
            Assert.NotNull(r.GroundContactMs);
            Assert.NotNull(r.VerticalOscillationCm);
            Assert.NotNull(r.GctBalanceLeftPct);
            Assert.NotNull(r.StrideLengthM);
            Assert.NotNull(r.HeartRateBpm);
        });
        Assert.Equal(5, activity.Laps.Count);
        Assert.Equal(FitIntensity.Recovery, activity.Laps[2].Intensity);
        var fitSession = Assert.Single(activity.Sessions);
        Assert.True(fitSession.IsRunning);
        Assert.InRange(fitSession.Totals.AvgGroundContactMs!.Value, 200, 280);
    }

    [Fact]
    public async Task ExportLapsCsv_TwoRepsWithRecoveries_OneRowPerLapNamingRepsAndRecoveries()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, _) = await RecordAsync(host, Intervals());

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/laps.csv", coachKey: true), TestContext.Current.CancellationToken);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(LapsCsvExport.Header, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["warmup", "rep", "recovery", "rep", "cooldown"], rows.Select(r => r[4]));
        Assert.Equal(["", "1", "", "2", ""], rows.Select(r => r[5]));
        Assert.All(rows, r => Assert.Equal(runnerId, r[1]));
        var repPace = double.Parse(rows[1][10], CultureInfo.InvariantCulture);
        Assert.InRange(repPace, 195, 205); // 5 m/s is 200 s/km
        Assert.All(rows, r => Assert.Equal(LapsCsvExport.Header.Split(',').Length, r.Length));
    }

    [Fact]
    public async Task ExportFit_WithoutCoachAccess_401AndUnknownRunner404()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, _) = await RecordAsync(host, Steady(5));

        using var anonymous = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{runnerId}/export.fit"), TestContext.Current.CancellationToken);
        using var unknown = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/nobody/export.fit", coachKey: true), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A strap at 1 Hz (300 ms into each second) and a footpod at 2 Hz with running dynamics, at the given speed per second.</summary>
    internal static List<MetricSample> Readings(List<double> speedPerSecond, long start)
    {
        var samples = new List<MetricSample>();
        var distance = 0.0;
        for (var s = 0; s < speedPerSecond.Count; s++)
        {
            var v = speedPerSecond[s];
            foreach (var ms in new[] { 0, 500 })
            {
                samples.Add(new MetricSample
                {
                    ObservedAt = start + (s * 1000L) + ms,
                    SpeedMps = v,
                    CadenceSpm = 160 + (5 * v),
                    DistanceM = Math.Round(distance, 2),
                    StrideLengthM = v * 60 / (160 + (5 * v)),
                    GroundContactMs = 300 - (15 * v),
                    VerticalOscillationCm = 8.5,
                    GctBalanceLeftPct = 49.5,
                });
                distance += v / 2;
                if (ms == 0)
                {
                    samples.Add(new MetricSample { ObservedAt = start + (s * 1000L) + 300, HeartRateBpm = (int)(100 + (14 * v)) });
                }
            }
        }

        return samples;
    }

    private static List<double> Steady(int seconds) => [.. Enumerable.Repeat(3.5, seconds)];

    /// <summary>Warm-up 2 min jogging, 2 × (2 min at 5 m/s, 90 s walking back), cool-down.</summary>
    private static List<double> Intervals() =>
        [.. Enumerable.Repeat(3.0, 120), .. Enumerable.Repeat(5.0, 120), .. Enumerable.Repeat(2.0, 90), .. Enumerable.Repeat(5.0, 120), .. Enumerable.Repeat(2.0, 120)];

    private static async Task<(CreateSessionResponse Session, string RunnerId, long Start)> RecordAsync(HubTestHost host, List<double> speeds)
    {
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(join.RunnerToken);
        var start = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000) - speeds.Count - 5) * 1000;
        var samples = Readings(speeds, start).Select((s, i) => s with { Seq = i + 1 }).ToArray();
        foreach (var chunk in samples.Chunk(200))
        {
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = chunk }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        }

        return (session, join.RunnerId, start);
    }

    internal static List<string> ValidateTcx(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(TcxExport.TcxNamespace, Path.Combine(AppContext.BaseDirectory, "Data", "TrainingCenterDatabasev2.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) =>
        {
            // The ActivityExtension schema is not loaded: its lax elements report "could not find schema information".
            if (e.Severity == XmlSeverityType.Error || !e.Message.Contains(TcxExport.ExtensionNamespace, StringComparison.Ordinal))
            {
                errors.Add($"{e.Severity}: {e.Message}");
            }
        };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
