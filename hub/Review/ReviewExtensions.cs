using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace MindMuscle.Live.Hub.Review;

internal static class ReviewExtensions
{
    /// <summary>Review of recorded sessions: reduced series and read-only share links (checked on every request).</summary>
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ReviewMetrics>();
        // After AddHubAuth's configuration, which sets the events this wraps.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => ShareTokenChecks.Attach(jwt.Events));
        return builder;
    }
}
