using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>Hub path, method names and claims: the constants of docs/protocol.md.</summary>
public static class LiveHubContract
{
    public const string Path = "/hubs/live";

    // Runner -> hub
    public const string Publish = "Publish";

    /// <summary>
    /// The hub's words when it refuses a <see cref="Publish"/>ed batch: {0} the reason code, {1} what is wrong, naming
    /// each refused reading as "(seq N)". Runners read it back with runner-kit's <c>HubRefusalText</c>.
    /// </summary>
    public const string BatchRejectedFormat = "Batch rejected ({0}): {1}. Nothing of it was recorded.";
    public const string ReportCueStatus = "CueStatus";

    // Coach -> hub
    public const string Watch = "Watch";

    /// <summary><see cref="Watch"/> with the samples as <see cref="SamplesPacked"/> (<see cref="PackedSamples"/>) instead of <see cref="Samples"/>.</summary>
    public const string WatchPacked = "WatchPacked";
    public const string Unwatch = "Unwatch";
    public const string SendCue = "SendCue";
    public const string Replay = "Replay";
    public const string AddMarker = "AddMarker";
    public const string SetAutoCue = "SetAutoCue";

    // Hub -> runner
    public const string Cue = "Cue";

    // Hub -> coach
    public const string Samples = "Samples";
    public const string SamplesPacked = "SamplesPacked";
    public const string Alert = "Alert";
    public const string AlertCleared = "AlertCleared";
    public const string RunnerStatus = "RunnerStatus";
    public const string CueUpdate = "CueUpdate";
    public const string MarkerAdded = "MarkerAdded";
    public const string RepCompleted = "RepCompleted";
    public const string LapCompleted = "LapCompleted";
    public const string SessionUpdated = "SessionUpdated";

    /// <summary>JWT claim names.</summary>
    public static class Claims
    {
        public const string Role = "role";
        public const string SessionId = "sid";
        public const string RunnerId = "rid";
    }

    public static class Roles
    {
        public const string Coach = "coach";
        public const string Runner = "runner";
    }
}

/// <summary>What the hub calls on a runner's relay.</summary>
public interface IRunnerClient
{
    Task Cue(CueMessage cue);
}

/// <summary>What the hub calls on a coach console.</summary>
public interface ICoachClient
{
    Task Samples(SamplesFrame frame);

    Task Alert(FormAlert alert);

    Task AlertCleared(FormAlert alert);

    Task RunnerStatus(RunnerStatusUpdate status);

    Task CueUpdate(CueUpdate cue);

    Task MarkerAdded(SessionMarker marker);

    Task RepCompleted(RepCompleted rep);

    Task LapCompleted(LapCompleted lap);

    /// <summary>The session's summary changed (e.g. a coach switched its auto-cue mode).</summary>
    Task SessionUpdated(SessionSummary session);
}

/// <summary>What the hub calls on a coach that watches packed (<see cref="LiveHubContract.WatchPacked"/>).</summary>
public interface IPackedCoachClient
{
    /// <summary>A <see cref="SamplesFrame"/> as <see cref="PackedSamples"/> bytes.</summary>
    Task SamplesPacked(byte[] frame);
}

/// <summary>Every client method of the hub (strongly typed <c>Hub&lt;ILiveClient&gt;</c>).</summary>
public interface ILiveClient : IRunnerClient, ICoachClient, IPackedCoachClient;
