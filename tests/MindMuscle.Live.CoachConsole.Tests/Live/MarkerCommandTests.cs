using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

/// <summary>
/// <c>marker</c> over real HTTP against a stand-in for the hub's <c>POST /api/sessions/{id}/markers</c> on Kestrel
/// (127.0.0.1): the route, the body, the credentials and the answer, and the hub's refusal as a clear error.
/// </summary>
public sealed class MarkerCommandTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_LapForRunner_PostsMarkerAndPrintsRecordedOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await MarkerHub.StartAsync(HttpStatusCode.OK, ct);
        var output = new StringWriter();
        var target = new HubTarget { HubUrl = hub.Url, Token = "coach-token" };

        var exit = await MarkerCommand.RunAsync(target, "s 1", new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = "r07", Text = "bell" },
            output, TextWriter.Null, ct).WaitAsync(Step, ct);

        Assert.Equal(CommandErrors.Ok, exit);
        var (path, auth, body) = Assert.Single(hub.Requests);
        Assert.Equal("/api/sessions/s%201/markers", path);
        Assert.Equal("Bearer coach-token", auth);
        using var sent = JsonDocument.Parse(body);
        Assert.Equal("lap", sent.RootElement.GetProperty("kind").GetString());
        Assert.Equal("r07", sent.RootElement.GetProperty("runnerId").GetString());
        Assert.Equal("bell", sent.RootElement.GetProperty("text").GetString());
        using var printed = JsonDocument.Parse(output.ToString());
        Assert.Equal(42, printed.RootElement.GetProperty("markerId").GetInt64());
    }

    [Fact]
    public async Task RunAsync_HubRefuses_ErrorWithStatusAndDetail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await MarkerHub.StartAsync(HttpStatusCode.BadRequest, ct);
        var error = new StringWriter();
        var target = new HubTarget { HubUrl = hub.Url, Token = "coach-token" };

        var exit = await MarkerCommand.RunAsync(target, "s1", new MarkerRequest { Kind = MarkerKind.RepStart, RunnerId = "nobody" },
            TextWriter.Null, error, ct).WaitAsync(Step, ct);

        Assert.Equal(CommandErrors.HubError, exit);
        Assert.Contains("400", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not a runner of this session", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TextTooLong_UsageErrorWithoutCallingHub()
    {
        var error = new StringWriter();
        var target = new HubTarget { HubUrl = new Uri("http://127.0.0.1:9/"), Token = "t" };

        var exit = await MarkerCommand.RunAsync(target, "s1", new MarkerRequest { Kind = MarkerKind.Note, Text = new string('x', 201) },
            TextWriter.Null, error, TestContext.Current.CancellationToken);

        Assert.Equal(CommandErrors.Usage, exit);
        Assert.Contains("--text", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lap", MarkerKind.Lap)]
    [InlineData("repstart", MarkerKind.RepStart)]
    [InlineData("repEnd", MarkerKind.RepEnd)]
    [InlineData("NOTE", MarkerKind.Note)]
    public void ParseKind_ContractNamesAnyCase_Parsed(string text, MarkerKind expected)
    {
        Assert.True(MarkerCommand.ParseKind(text, out var kind));
        Assert.Equal(expected, kind);
        Assert.False(MarkerCommand.ParseKind("sprint", out _));
    }

    private sealed class MarkerHub : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private MarkerHub(WebApplication app) => _app = app;

        public Uri Url => new(_app.Urls.First() + "/");

        public List<(string Path, string Auth, string Body)> Requests { get; } = [];

        public static async Task<MarkerHub> StartAsync(HttpStatusCode answer, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var hub = new MarkerHub(app);
            app.MapPost("/api/sessions/{id}/markers", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                lock (hub.Requests)
                {
                    hub.Requests.Add((context.Request.Path.ToUriComponent(), context.Request.Headers.Authorization.ToString(), body));
                }

                return answer == HttpStatusCode.OK
                    ? Results.Json(new SessionMarker { MarkerId = 42, SessionId = "s 1", Kind = MarkerKind.Lap, At = 1_764_000_000_000 })
                    : Results.Problem(detail: "runnerId 'nobody' is not a runner of this session", statusCode: (int)answer);
            });
            await app.StartAsync(cancellationToken);
            return hub;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
