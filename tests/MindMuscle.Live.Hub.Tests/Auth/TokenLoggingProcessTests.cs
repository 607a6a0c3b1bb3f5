using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Auth;

/// <summary>
/// The built hub as a child process with its real logging (console, Information: ASP.NET Core's default), reached the way a
/// browser reaches it: the SignalR JavaScript client puts <c>access_token=</c> in the query string of the negotiate and
/// WebSocket requests of <c>/hubs/live</c>.
/// </summary>
public sealed class TokenLoggingProcessTests
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>ASP.NET Core's default (Information), and an operator turning the console provider's own level up to Trace.</summary>
    [Theory]
    [InlineData("Logging__LogLevel__Default", "Information")]
    [InlineData("Logging__Console__LogLevel__Default", "Trace")]
    public async Task HubLog_QueryStringTokens_NeverContainsAToken(string setting, string level)
    {
        await using var hub = await HubChildProcess.StartAsync(null, new Dictionary<string, string> { [setting] = level }, Ct);
        var http = hub.Http;
        var session = await hub.CreateSessionAsync("Token log", Ct).WaitAsync(Step, Ct);
        var forged = session.CoachToken[..^4] + (session.CoachToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var snapshot = await WatchOverWebSocketAsync(hub.BaseUrl, session.CoachToken, session.SessionId);
        using var refused = await http.PostAsync($"hubs/live/negotiate?negotiateVersion=1&access_token={forged}", null, Ct);
        using var longPolling = await http.GetAsync($"hubs/live?id=nonexistent&access_token={session.CoachToken}", Ct);
        using var rest = await http.GetAsync($"api/sessions/{session.SessionId}?access_token={session.CoachToken}", Ct);

        // A line the hub logs after all of the above: once it is in the file, so is everything logged before it.
        using var marker = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{session.SessionId}/markers") { Content = JsonContent.Create(new { kind = "lap" }) };
        marker.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var added = await http.SendAsync(marker, Ct);
        await Polling.WaitUntilAsync(() => hub.LogTail(200).Contains("Marker 1 (Lap) added", StringComparison.Ordinal), Step, Ct);
        var log = hub.LogTail(100_000);

        Assert.Equal(session.SessionId, snapshot);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains("Now listening on", log, StringComparison.Ordinal);
        Assert.DoesNotContain(session.CoachToken, log, StringComparison.Ordinal);
        Assert.DoesNotContain(forged, log, StringComparison.Ordinal);
        Assert.DoesNotContain(session.CoachToken.Split('.')[2], log, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token=", log, StringComparison.Ordinal);
    }

    /// <summary>What the browser's SignalR client does: negotiate, open the WebSocket, handshake, call Watch; the token only ever in the query string.</summary>
    private static async Task<string> WatchOverWebSocketAsync(Uri baseUri, string token, string sessionId)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = Step };
        using var negotiate = await http.PostAsync($"hubs/live/negotiate?negotiateVersion=1&access_token={token}", null, Ct);
        negotiate.EnsureSuccessStatusCode();
        using var negotiated = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync(Ct));
        var id = negotiated.RootElement.GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        var ws = new UriBuilder(new Uri(baseUri, "hubs/live")) { Scheme = "ws", Query = $"id={id}&access_token={token}" }.Uri;
        await socket.ConnectAsync(ws, Ct).WaitAsync(Step, Ct);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", await ReceiveAsync(socket));
        await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"{{LiveHubContract.Watch}}","arguments":["{{sessionId}}"]}""");
        string completion;
        do
        {
            completion = await ReceiveAsync(socket);
        }
        while (!completion.Contains("\"invocationId\":\"1\"", StringComparison.Ordinal));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct).WaitAsync(Step, Ct);
        using var result = JsonDocument.Parse(completion);
        return result.RootElement.GetProperty("result").GetProperty("session").GetProperty("sessionId").GetString()!;
    }

    private static Task SendAsync(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, Ct).WaitAsync(Step, Ct);

    /// <summary>The next SignalR message (text up to the record separator); pings are skipped.</summary>
    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, Ct).WaitAsync(Step, Ct);
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            }
            while (!received.EndOfMessage);

            foreach (var message in text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!message.Contains("\"type\":6", StringComparison.Ordinal))
                {
                    return message;
                }
            }
        }
    }
}
