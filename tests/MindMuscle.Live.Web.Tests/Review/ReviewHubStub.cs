using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MindMuscle.Live.Web.Tests.Review;

/// <summary>
/// Canned hub answers by path (<c>/api/sessions/s1/alerts</c> ...), every request kept with the token it was sent
/// with; a path can be held (its answer waits until released) to see a stale request cancelled.
/// </summary>
public sealed class ReviewHubStub : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, string>> _answers = new(StringComparer.Ordinal);

    public ConcurrentQueue<(HttpRequestMessage Request, CancellationToken Token)> Requests { get; } = new();

    /// <summary>While set, requests wait for it before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public void Answer(string path, string json) => _answers[path] = _ => json;

    public void Answer(string path, Func<HttpRequestMessage, string> json) => _answers[path] = json;

    public IReadOnlyList<HttpRequestMessage> To(string path) =>
        [.. Requests.Select(r => r.Request).Where(r => r.RequestUri!.AbsolutePath == path)];

    /// <summary>
    /// Completes once <paramref name="count"/> requests arrived: a request that changes nothing on screen triggers no
    /// render, so bUnit's render-driven waits would not look again.
    /// </summary>
    public async Task WhenRequestsAsync(int count, CancellationToken cancellationToken)
    {
        while (Requests.Count < count)
        {
            var arrived = _arrived;
            if (Requests.Count >= count)
            {
                return;
            }

            await arrived.Task.WaitAsync(cancellationToken);
        }
    }

    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://hub.test/") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request, cancellationToken));
        Interlocked.Exchange(ref _arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        var path = request.RequestUri!.AbsolutePath;
        return _answers.TryGetValue(path, out var answer)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer(request), Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($$"""{"detail":"no canned answer for {{path}}"}""", Encoding.UTF8, "application/json") };
    }
}
