using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MindMuscle.Live.Web.Runner;

public static class RunnerServices
{
    /// <summary>The runner companion on <c>/join/{code}</c>: identity, outbox, speech and the companion itself (per visit).</summary>
    public static IServiceCollection AddRunnerCompanion(this IServiceCollection services, RunnerOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options ?? new RunnerOptions());
        services.AddScoped<RunnerJoinClient>();
        services.AddScoped<RunnerIdentityStore>();
        services.AddScoped<BrowserOutbox>();
        services.AddScoped<BrowserSpeech>();
        services.AddScoped<RunnerCompanion>();
        services.AddScoped<IRunnerCompanion>(sp => sp.GetRequiredService<RunnerCompanion>());
        return services;
    }
}
