using MindMuscle.Live.Web.Review;

// In the DI namespace, as ASP.NET's own AddXxx are: Program.cs calls it without a using of its own.
namespace Microsoft.Extensions.DependencyInjection;

public static class ReviewServices
{
    /// <summary>The review pages' reader resolution (share link or coach) and the hub's read API.</summary>
    public static IServiceCollection AddReviewPages(this IServiceCollection services)
    {
        services.AddScoped<ReviewAccess>();
        services.AddScoped<ReviewApi>();
        return services;
    }
}
