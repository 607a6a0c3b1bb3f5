using System.Text;
using MindMuscle.Live.Core.Fit;

namespace MindMuscle.Live.Core.Tests.Fit;

public sealed class TcxReaderTests
{
    private const string Ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

    [Fact]
    public void TryRead_Trackpoints_OneRecordPerSecondWithStepsPerMinute()
    {
        var tcx = Document("Running",
            Point("2026-03-01T10:00:00.200Z", "<DistanceMeters>10.5</DistanceMeters><HeartRateBpm><Value>151</Value></HeartRateBpm>"),
            Point("2026-03-01T10:00:00.700Z", Tpx("<Speed>3.25</Speed><RunCadence>88</RunCadence><Watts>240</Watts>")),
            Point("2026-03-01T10:00:01Z", "<HeartRateBpm><Value>152</Value></HeartRateBpm>"));

        Assert.True(TcxReader.TryRead(Stream(tcx), out var activity, out var error), error.Message);

        Assert.True(activity!.IsRunning);
        Assert.Equal(2, activity.Records.Count);
        var first = activity.Records[0];
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), first.Timestamp);
        Assert.Equal(151, first.HeartRateBpm);
        Assert.Equal(10.5, first.DistanceM);
        Assert.Equal(3.25, first.SpeedMps);
        Assert.Equal(176, first.CadenceSpm);
        Assert.Equal(240, first.PowerW);
        Assert.Equal(152, activity.Records[1].HeartRateBpm);
        Assert.Null(activity.Records[1].SpeedMps);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<gpx xmlns=\"http://www.topografix.com/GPX/1/1\"></gpx>")]
    [InlineData("<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"boom\">]><TrainingCenterDatabase/>")]
    public void TryRead_NotTcx_TypedErrorNoException(string text)
    {
        Assert.False(TcxReader.TryRead(Stream(text), out var activity, out var error));

        Assert.Null(activity);
        Assert.StartsWith("TCX rejected at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_TrackpointWithoutTime_TypedError()
    {
        var tcx = Document("Running", "<Trackpoint><DistanceMeters>1</DistanceMeters></Trackpoint>");

        Assert.False(TcxReader.TryRead(Stream(tcx), out _, out var error));

        Assert.Contains("without a valid <Time>", error.Detail, StringComparison.Ordinal);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Document(string sport, params string[] points) =>
        $"""<?xml version="1.0"?><TrainingCenterDatabase xmlns="{Ns}"><Activities><Activity Sport="{sport}"><Id>x</Id><Lap StartTime="x"><Track>{string.Concat(points)}</Track></Lap></Activity></Activities></TrainingCenterDatabase>""";

    private static string Point(string time, string inner) => $"<Trackpoint><Time>{time}</Time>{inner}</Trackpoint>";

    private static string Tpx(string inner) => $"""<Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2">{inner}</TPX></Extensions>""";
}
