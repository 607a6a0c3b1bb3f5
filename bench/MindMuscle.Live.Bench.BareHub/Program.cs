using MindMuscle.Live.Bench.BareHub;
using MindMuscle.Live.Core.Contracts;

// The baseline: what the bare framework does with the same clients and payloads. No auth, no validation,
// no alert engine, no per-coach senders: one awaited group broadcast per sample. With --record FILE it also records
// every sample durably before acking (BareRecorder), the least a hub that records must do; without, it records nothing.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<BareCues>();
var recording = builder.Configuration["record"];
if (!string.IsNullOrEmpty(recording))
{
    builder.Services.AddSingleton(_ => new BareRecorder(recording));
}

builder.Services.AddSignalR(o =>
{
    if (!string.IsNullOrEmpty(recording))
    {
        // As the product: a Publish waiting for its commit must not hold the runner's next publishes (the relay keeps
        // up to 4 in flight) behind it, which SignalR's default of one invocation at a time per connection would do.
        o.MaximumParallelInvocationsPerClient = 8;
    }
}).AddMessagePackProtocol();

var app = builder.Build();
// Opened now, not at the first publish: a bad path fails the start, and the file's setup is not in the measured window.
_ = app.Services.GetService<BareRecorder>();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
// The load generator reads the hub's GC counts from here (dotnet-counters is not on this machine).
app.MapGet("/bench/gc", () => Results.Ok(GcCounts.Now()));
app.MapHub<BareLiveHub>(LiveHubContract.Path);
await app.RunAsync();
