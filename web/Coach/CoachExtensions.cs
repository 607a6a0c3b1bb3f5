using MindMuscle.Live.Web.Coach;

// In the DI namespace, as ASP.NET's own AddXxx are: Program.cs calls it without a using of its own.
namespace Microsoft.Extensions.DependencyInjection;

public static class CoachExtensions
{
    /// <summary>The coach's sign-in, session list and session creation (the hub's REST API over the page's HttpClient).</summary>
    public static IServiceCollection AddCoachPages(this IServiceCollection services)
    {
        services.AddScoped<CoachApi>();
        return services;
    }
}
