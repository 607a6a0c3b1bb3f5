using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Core.Tests.Runners;

/// <summary>
/// The values the built-in scenarios (and one file using every field) parsed to with the hand-written reader; the
/// serializer-based one must give the same values, number for number.
/// </summary>
public sealed class ScenarioSnapshotTests
{
    private const string EveryFieldJson = """
        {
          // every field once
          "name": "every-field",
          "description": "All fields",
          "duration": "1:02:03",
          "runner": { "pace": "4:10", "cadence": 180, "massKg": 70.5, "hr": 150, "restingHr": 50, "maxHr": 190, "startHr": 90,
                      "drift": -0.02, "vo": 9.1, "gct": 230, "balanceLeft": 49.5, "batteryHr": 80, "batteryFootpod": 70,
                      "batteryPower": 60, "batteryDrain": 2.5 },
          "events": [
            { "at": "10m", "over": "1m30s", "for": 45, "cadence": 176, "stride": "+3.5%", "vo": "-2%", "gct": 250, "hr": "+4%", "label": "mixed" },
            { "at": "2m", "speed": 4.2, "balanceLeft": 52 },
            { "at": 300.5, "pace": "-5%", "expect": ["cadenceDrop", "hrDrift"] },
            { "at": "6:00", "pace": 270, "expect": [] },
            { "at": "500ms", "sensor": "heartRate", "battery": 10 },
            { "at": "1h", "sensor": "power", "drop": "2s", "contact": true },
            { "at": "0:20:00", "battery": 50 },
            { "at": "30m", "intervals": { "fast": 200, "easy": "5:00", "fastFor": "30s", "easyFor": 60, "repeats": 2, "over": "2s" }, "expect": ["strideChange"] },
          ],
        }
        """;

    private const string EveryFieldSnapshot = """
        name=every-field duration=01:02:03
        description=All fields
        profile=70.5 4 180 50 150 190 90 -0.02 9.1 230 49.5 1.04 80 70 60 2.5
        at=00:00:00.5000000 over=00:00:00 for= label= sensor=HeartRate drop= battery=10 contact= expect=- changes=
        at=00:02:00 over=00:00:00 for= label= sensor= drop= battery= contact= expect=- changes=Speed:abs:4.2,BalanceLeft:abs:52
        at=00:05:00.5000000 over=00:00:00 for= label= sensor= drop= battery= contact= expect=[CadenceDrop,HrDrift] changes=Speed:rel:0.05263157894736836
        at=00:06:00 over=00:00:00 for= label= sensor= drop= battery= contact= expect=[] changes=Speed:abs:3.7037037037037037
        at=00:10:00 over=00:01:30 for=00:00:45 label=mixed sensor= drop= battery= contact= expect=- changes=Cadence:abs:176,Stride:rel:0.035,VerticalOscillation:rel:-0.02,GroundContact:abs:250,HeartRate:rel:0.04
        at=00:20:00 over=00:00:00 for= label= sensor= drop= battery=50 contact= expect=- changes=
        at=00:30:00 over=00:00:02 for= label=interval 1 fast sensor= drop= battery= contact= expect=[StrideChange] changes=Speed:abs:5
        at=00:30:30 over=00:00:02 for= label=interval 1 easy sensor= drop= battery= contact= expect=[StrideChange] changes=Speed:abs:3.3333333333333335
        at=00:31:30 over=00:00:02 for= label=interval 2 fast sensor= drop= battery= contact= expect=[StrideChange] changes=Speed:abs:5
        at=00:32:00 over=00:00:02 for= label=interval 2 easy sensor= drop= battery= contact= expect=[StrideChange] changes=Speed:abs:3.3333333333333335
        at=01:00:00 over=00:00:00 for= label= sensor=Power drop=00:00:02 battery= contact=True expect=- changes=

        """;

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["steady"] = """
            name=steady duration=00:30:00
            description=30 min steady run at 4:38 min/km, no deviations (false-alert check).
            profile=65 3.6 172 55 152 192 95 0.05 8.4 245 50 1.04 88 76 64 1.5

            """,
        ["fatigue"] = """
            name=fatigue duration=00:20:00
            description=Cadence fades (6:00), footfall gets heavy (10:00), heart rate drifts at the same pace (13:00), stride shortens (17:00).
            profile=65 3.6 172 55 152 192 95 0.05 8.4 245 50 1.04 88 76 64 1.5
            at=00:06:00 over=00:00:20 for=00:02:00 label=cadence fades at the same speed (overstriding) sensor= drop= battery= contact= expect=- changes=Cadence:rel:-0.07
            at=00:10:00 over=00:00:30 for=00:02:00 label=heavy footfall sensor= drop= battery= contact= expect=- changes=VerticalOscillation:rel:0.12,GroundContact:rel:0.09
            at=00:13:00 over=00:02:00 for= label=cardiac drift at the same pace sensor= drop= battery= contact= expect=- changes=HeartRate:rel:0.1
            at=00:17:00 over=00:00:20 for=00:02:00 label=stride shortens at the same cadence sensor= drop= battery= contact= expect=- changes=Stride:rel:-0.09

            """,
        ["asymmetry"] = """
            name=asymmetry duration=00:20:00
            description=The right side takes over (left share 46 % from 5:00 for 3 min), later the left side (53.5 % from 12:00 on).
            profile=65 3.6 172 55 152 192 95 0.05 8.4 245 50 1.04 88 76 64 1.5
            at=00:05:00 over=00:00:20 for=00:03:00 label=left side works less sensor= drop= battery= contact= expect=- changes=BalanceLeft:abs:46
            at=00:12:00 over=00:00:30 for= label=right side works less sensor= drop= battery= contact= expect=- changes=BalanceLeft:abs:53.5

            """,
        ["dropout"] = """
            name=dropout duration=00:20:00
            description=Sensors drop and come back: footpod 30 s, strap 12 s, power pod 60 s, a 3 s footpod blip, lost strap contact, a low footpod battery.
            profile=65 3.6 172 55 152 192 95 0.05 8.4 245 50 1.04 88 76 64 1.5
            at=00:05:00 over=00:00:00 for= label=footpod out of range sensor=Footpod drop=00:00:30 battery= contact= expect=- changes=
            at=00:08:00 over=00:00:00 for= label=strap drops sensor=HeartRate drop=00:00:12 battery= contact= expect=- changes=
            at=00:10:00 over=00:00:00 for= label=power pod off sensor=Power drop=00:01:00 battery= contact= expect=- changes=
            at=00:13:00 over=00:00:00 for=00:00:20 label=strap slips sensor=HeartRate drop= battery= contact=False expect=- changes=
            at=00:15:00 over=00:00:00 for= label=footpod battery low sensor=Footpod drop= battery=14 contact= expect=- changes=
            at=00:17:00 over=00:00:00 for= label=short blip, too short for sensorLost sensor=Footpod drop=00:00:03 battery= contact= expect=- changes=

            """,
        ["intervals"] = """
            name=intervals duration=00:25:00
            description=6 min warm-up at 4:38 min/km, then 6 x (60 s at 3:45, 90 s at 5:15), then easy.
            profile=65 3.6 172 55 152 192 95 0.05 8.4 245 50 1.04 88 76 64 1.5
            at=00:06:00 over=00:00:05 for= label=interval 1 fast sensor= drop= battery= contact= expect=- changes=Speed:abs:4.444444444444445
            at=00:07:00 over=00:00:05 for= label=interval 1 easy sensor= drop= battery= contact= expect=- changes=Speed:abs:3.1746031746031744
            at=00:08:30 over=00:00:05 for= label=interval 2 fast sensor= drop= battery= contact= expect=- changes=Speed:abs:4.444444444444445
            at=00:09:30 over=00:00:05 for= label=interval 2 easy sensor= drop= battery= contact= expect=- changes=Speed:abs:3.1746031746031744
            at=00:11:00 over=00:00:05 for= label=interval 3 fast sensor= drop= battery= contact= expect=- changes=Speed:abs:4.444444444444445
            at=00:12:00 over=00:00:05 for= label=interval 3 easy sensor= drop= battery= contact= expect=- changes=Speed:abs:3.1746031746031744
            at=00:13:30 over=00:00:05 for= label=interval 4 fast sensor= drop= battery= contact= expect=- changes=Speed:abs:4.444444444444445
            at=00:14:30 over=00:00:05 for= label=interval 4 easy sensor= drop= battery= contact= expect=- changes=Speed:abs:3.1746031746031744
            at=00:16:00 over=00:00:05 for= label=interval 5 fast sensor= drop= battery= contact= expect=- changes=Speed:abs:4.444444444444445
            at=00:17:00 over=00:00:05 for= label=interval 5 easy sensor= drop= battery= contact= expect=- changes=Speed:abs:3.1746031746031744
            at=00:18:30 over=00:00:05 for= label=interval 6 fast sensor= drop= battery= contact= expect=- changes=Speed:abs:4.444444444444445
            at=00:19:30 over=00:00:05 for= label=interval 6 easy sensor= drop= battery= contact= expect=- changes=Speed:abs:3.1746031746031744

            """,
        ["fatigue-quick"] = """
            name=fatigue-quick duration=00:08:00
            description=Fast runner (3:28 min/km); cadence fades 8 % at 1:30 for 2 min, heavy footfall at 4:00.
            profile=65 4.8076923076923075 182 55 166 192 95 0.05 8 215 50 1.04 88 76 64 1.5
            at=00:01:30 over=00:00:05 for=00:02:00 label=cadence fades (quick demo) sensor= drop= battery= contact= expect=- changes=Cadence:rel:-0.08
            at=00:04:00 over=00:00:10 for=00:02:00 label=heavy footfall (quick demo) sensor= drop= battery= contact= expect=- changes=VerticalOscillation:rel:0.13,GroundContact:rel:0.1

            """,
        ["asymmetry-quick"] = """
            name=asymmetry-quick duration=00:08:00
            description=Fast runner (3:28 min/km); left share falls to 45 % at 1:30 and stays.
            profile=65 4.8076923076923075 182 55 166 192 95 0.05 8 215 50 1.04 88 76 64 1.5
            at=00:01:30 over=00:00:05 for= label=left side works less (quick demo) sensor= drop= battery= contact= expect=- changes=BalanceLeft:abs:45

            """,
    };

    public static TheoryData<string> BuiltIns => new(Expected.Keys);

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Load_BuiltIn_ParsesToTheSameValuesAsBefore(string name)
    {
        var scenario = Scenario.Load(name);

        Assert.Equal(Expected[name], ScenarioSnapshot.Of(scenario));
    }

    [Fact]
    public void BuiltInNames_EveryOne_HasASnapshot()
    {
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), Scenario.BuiltInNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_EveryField_ParsesToTheSameValuesAsBefore()
    {
        var scenario = Scenario.Parse(EveryFieldJson, "x");

        Assert.Equal(EveryFieldSnapshot, ScenarioSnapshot.Of(scenario));
    }
}
