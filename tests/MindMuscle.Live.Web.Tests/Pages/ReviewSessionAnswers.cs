using MindMuscle.Live.Web.Tests.Review;

namespace MindMuscle.Live.Web.Tests.Pages;

/// <summary>The canned recording the page tests read: session s1 with Ana (r1) and Ben (r2), an alert and a cue each.</summary>
public static class ReviewSessionAnswers
{
    public static void Recorded(ReviewHubStub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Answer("/api/sessions/s1", """
            {"session":{"sessionId":"s1","name":"Tuesday 6x800","createdAt":1000},
             "runners":[{"runnerId":"r1","name":"Ana","latest":{"seq":9,"observedAt":9000,"distanceM":4210}},{"runnerId":"r2","name":"Ben"}]}
            """);
        hub.Answer("/api/sessions/s1/alerts", """
            [{"alertId":"a1","kind":"imbalance","runnerId":"r1","startedAt":3000,"clearedAt":5000,"severity":"warning","message":"Imbalance: 44/56"},
             {"alertId":"a2","kind":"hrCeiling","runnerId":"r2","startedAt":4000,"severity":"critical","message":"HR 190"}]
            """);
        hub.Answer("/api/sessions/s1/cues", """
            [{"cueId":"c1","runnerId":"r1","text":"Even out your stride","status":"spoken","issuedAt":3500},
             {"cueId":"c2","runnerId":"r2","text":"Ease off","status":"expired","issuedAt":4500}]
            """);
        hub.Answer("/api/sessions/s1/markers", """[{"markerId":1,"sessionId":"s1","kind":"lap","at":6000}]""");
        hub.Answer("/api/sessions/s1/reps", """
            [{"runnerId":"r1","runnerName":"Ana","reps":[{"rep":1,"paceSecPerKm":200,"heartRateBpm":170,"cadenceSpm":182,"durationS":160},{"rep":2,"paceSecPerKm":196,"heartRateBpm":174,"cadenceSpm":184,"durationS":157}]},
             {"runnerId":"r2","runnerName":"Ben","reps":[{"rep":2,"paceSecPerKm":190,"heartRateBpm":168,"cadenceSpm":178,"durationS":152}]}]
            """);
        hub.Answer("/api/sessions/s1/laps", """[{"runnerId":"r1","runnerName":"Ana","laps":[{"lap":1,"distanceM":400,"durationS":80,"paceSecPerKm":200}]}]""");
        hub.Answer("/api/sessions/s1/series", request =>
            request.RequestUri!.Query.Contains("runnerId=r2", StringComparison.Ordinal) && request.RequestUri.Query.Contains("runnerId=r1", StringComparison.Ordinal)
                ? """[{"runnerId":"r1","metric":"m","points":[{"t":2000,"min":1,"max":3,"mean":2,"n":4}]},{"runnerId":"r2","metric":"m","points":[{"t":2000,"min":1,"max":3,"mean":2,"n":4}]}]"""
                : """{"runnerId":"r1","metric":"m","points":[{"t":2000,"min":1,"max":3,"mean":2,"n":4},{"t":6000,"min":1,"max":3,"mean":2,"n":4}]}""");
    }
}
