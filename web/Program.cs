using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using MindMuscle.Live.Web;
using MindMuscle.Live.Web.Auth;
using MindMuscle.Live.Web.Live;
using MindMuscle.Live.Web.Runner;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

builder.Services.AddScoped(sp => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddCoachPages();

builder.Services.AddScoped<CoachCredentials>();
builder.Services.AddLiveView();
builder.Services.AddReviewPages();
builder.Services.AddRunnerCompanion();

await builder.Build().RunAsync();
