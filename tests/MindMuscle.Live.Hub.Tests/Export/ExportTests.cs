using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Export;

namespace MindMuscle.Live.Hub.Tests.Export;

public sealed class ExportTests
{
    private const string ExpectedHeader =
        "sessionId,runnerId,runnerName,seq,observedAt,heartRateBpm,rrIntervalsMs,cadenceSpm,speedMps,strideLengthM,distanceM,powerW,groundContactMs,verticalOscillationCm,gctBalanceLeftPct,sensorContact,batteryPct,backfilled";

    [Fact]
    public async Task ExportCsv_TwoRunners_HeaderExactAndOneParsableRowPerSample()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, start) = await RecordAsync(host, "Ana, \"the fast\"", samples: 12);
        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        var benConnection = await host.ConnectAsync(ben.RunnerToken);
        await benConnection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 1, ObservedAt = start + 500 }] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/export.csv", bearer: session.CoachToken), TestContext.Current.CancellationToken);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ExpectedHeader, lines[0]);
        Assert.Equal(CsvExport.Header, ExpectedHeader);
        Assert.Equal(13, lines.Length - 1);
        var anaRow = ParseCsvLine(lines.Skip(1).First(l => l.Contains(ana, StringComparison.Ordinal) && l.Contains(",3,", StringComparison.Ordinal)));
        Assert.Equal(18, anaRow.Count);
        Assert.Equal("Ana, \"the fast\"", anaRow[2]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(start + 2000).UtcDateTime, DateTime.ParseExact(anaRow[4], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        Assert.Equal("400 410.5", anaRow[6]);
        Assert.Equal(8.0, double.Parse(anaRow[10], CultureInfo.InvariantCulture));
        Assert.Equal("false", anaRow[17]);
        var benRow = ParseCsvLine(lines.Skip(1).Single(l => l.Contains(ben.RunnerId, StringComparison.Ordinal)));
        Assert.Equal("", benRow[5]);
        Assert.Equal("", benRow[6]);
    }

    [Fact]
    public async Task ExportTcx_1000Metres_ValidAgainstXsdWithLapsEvery400m()
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, _) = await RecordAsync(host, "Ana", samples: 251);

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{runnerId}/export.tcx", coachKey: true), TestContext.Current.CancellationToken);
        var xml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var errors = ValidateTcx(xml);
        var doc = XDocument.Parse(xml);
        XNamespace tcx = TcxExport.TcxNamespace;
        XNamespace ext = TcxExport.ExtensionNamespace;
        var laps = doc.Descendants(tcx + "Lap").ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(errors);
        Assert.Equal(3, laps.Count);
        Assert.Equal(["400", "400", "200"], laps.Select(l => l.Element(tcx + "DistanceMeters")!.Value));
        Assert.All(laps, l => Assert.Equal("Distance", l.Element(tcx + "TriggerMethod")!.Value));
        Assert.Equal(251, doc.Descendants(tcx + "Trackpoint").Count());
        var tpx = doc.Descendants(ext + "TPX").First();
        Assert.Equal("4", tpx.Element(ext + "Speed")!.Value);
        Assert.Equal("90", tpx.Element(ext + "RunCadence")!.Value);
        Assert.Equal("250", tpx.Element(ext + "Watts")!.Value);
        Assert.Equal("150", doc.Descendants(tcx + "Trackpoint").First().Element(tcx + "HeartRateBpm")!.Element(tcx + "Value")!.Value);
    }

    [Fact]
    public async Task ExportTcx_NoDistance_OneValidLap()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch
        {
            Samples = [.. Enumerable.Range(1, 30).Select(i => new MetricSample { Seq = i, ObservedAt = start + (i * 1000), HeartRateBpm = 140 + i })],
        }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{join.RunnerId}/export.tcx", bearer: session.CoachToken), TestContext.Current.CancellationToken);
        var xml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        XNamespace tcx = TcxExport.TcxNamespace;
        var lap = Assert.Single(XDocument.Parse(xml).Descendants(tcx + "Lap"));

        Assert.Empty(ValidateTcx(xml));
        Assert.Equal("170", lap.Element(tcx + "MaximumHeartRateBpm")!.Element(tcx + "Value")!.Value);
        Assert.Equal("29", lap.Element(tcx + "TotalTimeSeconds")!.Value);
    }

    [Fact]
    public async Task ExportTcx_RunnerWithoutSamples_404Problem()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/runners/{join.RunnerId}/export.tcx", coachKey: true), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void ValidateTcx_LapWithoutTotalTime_ReportsError()
    {
        const string Broken = $"""
            <TrainingCenterDatabase xmlns="{TcxExport.TcxNamespace}"><Activities><Activity Sport="Running"><Id>2026-01-01T00:00:00Z</Id>
            <Lap StartTime="2026-01-01T00:00:00Z"><DistanceMeters>1</DistanceMeters><Calories>0</Calories><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod></Lap>
            </Activity></Activities></TrainingCenterDatabase>
            """;

        var errors = ValidateTcx(Broken);

        Assert.NotEmpty(errors);
    }

    /// <summary>Records one runner running 4 m/s for <paramref name="samples"/> seconds (distance 0, 4, 8 ... m).</summary>
    internal static async Task<(CreateSessionResponse Session, string RunnerId, long Start)> RecordAsync(HubTestHost host, string name, int samples)
    {
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, name);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (samples * 1000L);
        var all = Enumerable.Range(0, samples).Select(i => new MetricSample
        {
            Seq = i + 1,
            ObservedAt = start + (i * 1000L),
            HeartRateBpm = 150,
            RrIntervalsMs = [400, 410.5],
            CadenceSpm = 180,
            SpeedMps = 4,
            StrideLengthM = 1.33,
            DistanceM = i * 4,
            PowerW = 250,
        }).ToArray();
        foreach (var chunk in all.Chunk(100))
        {
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = chunk }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        }

        return (session, join.RunnerId, start);
    }

    private static List<string> ValidateTcx(string xml)
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

    /// <summary>RFC 4180 field splitter (quoted fields, doubled quotes).</summary>
    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
