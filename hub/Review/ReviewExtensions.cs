namespace MindMuscle.Live.Hub.Review;

internal static class ReviewExtensions
{
    /// <summary>Review of recorded sessions: reduced series and read-only share links.</summary>
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ReviewMetrics>();
        return builder;
    }
}
