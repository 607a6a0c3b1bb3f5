var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory-based tests.</summary>
public partial class Program;
