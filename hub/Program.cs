using MindMuscle.Live.Hub;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Cues;
using MindMuscle.Live.Hub.Export;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Import;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Live;
using MindMuscle.Live.Hub.Markers;
using MindMuscle.Live.Hub.ReadOnly;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Replay;
using MindMuscle.Live.Hub.Review;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.Hub.Track;
using MindMuscle.Live.Hub.Web;

var builder = WebApplication.CreateBuilder(HubHostExtensions.HostArgs(ReadOnlyMode.NormalizeArgs(args)));
builder.AddHubOptions();
builder.AddHubTelemetry();
builder.AddHubAuth();
builder.AddRecording();
builder.AddSessions();
builder.AddIngest();
builder.AddFanOut();
builder.AddAlerts();
builder.AddCues();
builder.AddMarkers();
builder.AddReplay();
builder.AddReview();
builder.AddLiveHub();
builder.AddScaleOut();
// After every AddSignalR() (scale-out calls it again, which re-adds the plain protocols): wraps what is registered.
builder.Services.ShareSamplesFrames();
builder.AddWebApp();
builder.AddReadOnly();

var app = builder.Build();
app.UseHubPipeline();
app.UseReadOnly();
app.MapHealth();
app.MapSessionsApi();
app.MapIngestApi();
app.MapExportApi();
app.MapImportApi();
app.MapTrackApi();
app.MapMarkersApi();
app.MapReview();
app.MapAutoCueApi();
app.MapLiveHub();
app.MapWebApp();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory-based tests.</summary>
public partial class Program;
