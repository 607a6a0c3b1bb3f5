using MindMuscle.Live.Bench.BareHub;
using MindMuscle.Live.Core.Contracts;

// The baseline: what the bare framework does with the same clients and payloads. No auth, no validation,
// no alert engine, no per-coach senders: one awaited group broadcast per sample. With --record FILE it also records
// every sample durably before acking (BareRecorder), the least a hub that records must do; without, it records nothing.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<BareCues>();
if (builder.Configuration["record"] is { Length: > 0 } recording)
{
    builder.Services.AddSingleton(_ => new BareRecorder(recording));
}
builder.Services.AddSignalR().AddMessagePackProtocol();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
// The load generator reads the hub's GC counts from here (dotnet-counters is not on this machine).
app.MapGet("/bench/gc", () => Results.Ok(GcCounts.Now()));
app.MapHub<BareLiveHub>(LiveHubContract.Path);
await app.RunAsync();
