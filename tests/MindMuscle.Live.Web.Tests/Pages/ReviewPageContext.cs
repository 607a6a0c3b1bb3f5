using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Web.Auth;
using MindMuscle.Live.Web.Live;
using MindMuscle.Live.Web.Review;
using MindMuscle.Live.Web.Tests.Review;

namespace MindMuscle.Live.Web.Tests.Pages;

/// <summary>
/// A bUnit context for the review pages: the real <see cref="ReviewAccess"/> over a mocked storage module (the tab's
/// session storage and address bar) and the real <see cref="ReviewApi"/> over a canned hub.
/// </summary>
public abstract class ReviewPageContext : BunitContext
{
    protected ReviewPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Storage = JSInterop.SetupModule("./js/storage.js");
        Charts = JSInterop.SetupModule("./js/charts.js");
        Downloads = JSInterop.SetupModule("./js/download.js");
        var http = Hub.Client();
        Services.AddSingleton(http);
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000)));
        Services.AddScoped<CoachCredentials>();
        Services.AddScoped<LiveCoachToken>();
        Services.AddReviewPages();
    }

    protected ReviewHubStub Hub { get; } = new();

    protected BunitJSModuleInterop Storage { get; }

    protected BunitJSModuleInterop Charts { get; }

    protected BunitJSModuleInterop Downloads { get; }

    /// <summary>The tab opened a share link of session s1 (scoped to <paramref name="runnerId"/> when given).</summary>
    protected string OpenShareLink(string? runnerId)
    {
        var claims = runnerId is null ? """{"role":"share","sid":"s1"}""" : $$"""{"role":"share","sid":"s1","rid":"{{runnerId}}"}""";
        var token = "h." + Convert.ToBase64String(Encoding.UTF8.GetBytes(claims)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";
        Storage.Setup<string?>("takeFragment").SetResult("share=" + token);
        Storage.Setup<string?>("get", "mml.shareToken.s1").SetResult(token);
        return token;
    }
}
