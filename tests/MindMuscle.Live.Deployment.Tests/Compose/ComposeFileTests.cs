using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MindMuscle.Live.Deployment.Tests.Deploy;

namespace MindMuscle.Live.Deployment.Tests.Compose;

public sealed class ComposeFileTests
{
    [Fact]
    public void Evaluate_RepositoryComposeFile_IsValidAgainstTheComposeSpec()
    {
        var compose = ComposeFile.Load();

        var results = ComposeSchema.Evaluate(compose);

        Assert.True(results.IsValid, ComposeSchema.Describe(results));
    }

    [Theory]
    [InlineData("unknown top-level key", "/servicez")]
    [InlineData("replicas as a list", "/services/hub/deploy/replicas")]
    [InlineData("healthcheck test as a number", "/services/hub/healthcheck/test")]
    [InlineData("unknown service key", "/services/relay/replicaz")]
    public void Evaluate_MutatedComposeFile_IsInvalidAtTheMutatedLocation(string mutation, string location)
    {
        var compose = ComposeFile.Load();
        switch (mutation)
        {
            case "unknown top-level key":
                compose["servicez"] = new JsonObject();
                break;
            case "replicas as a list":
                ComposeFile.Service(compose, "hub")["deploy"]!["replicas"] = new JsonArray(2);
                break;
            case "healthcheck test as a number":
                ComposeFile.Service(compose, "hub")["healthcheck"]!["test"] = 42;
                break;
            case "unknown service key":
                ComposeFile.Service(compose, "relay")["replicaz"] = 3;
                break;
        }

        var results = ComposeSchema.Evaluate(compose);

        Assert.False(results.IsValid, $"The schema accepted a compose file with {mutation}.");
        Assert.Contains($"{location}: ", ComposeSchema.Describe(results), StringComparison.Ordinal);
    }

    [Fact]
    public void Services_TheDeployment_AreAllThere()
    {
        var compose = ComposeFile.Load();

        var names = ComposeFile.Services(compose).Select(s => s.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { "redis", "postgres", "hub", "proxy", "session", "relay" }, names);
    }

    [Fact]
    public void Services_WithBuild_HaveTheirContextAndDockerfileInTheRepository()
    {
        var compose = ComposeFile.Load();

        var builds = ComposeFile.Services(compose)
            .Select(s => (s.Name, Build: ComposeFile.Build(s.Service)))
            .Where(s => s.Build is not null)
            .ToList();

        Assert.Equal(["hub", "relay", "session"], builds.Select(b => b.Name).Order());
        Assert.All(builds, b =>
        {
            Assert.True(Directory.Exists(RepoPaths.Of(b.Build!.Value.Context)), $"{b.Name}: build context {b.Build.Value.Context} is missing");
            Assert.True(File.Exists(RepoPaths.Of(b.Build.Value.Dockerfile)), $"{b.Name}: Dockerfile {b.Build.Value.Dockerfile} is missing");
        });
    }

    [Fact]
    public void Hub_Deploy_RunsTwoReplicasWithoutHostPortsOrFixedNames()
    {
        var hub = ComposeFile.Service(ComposeFile.Load(), "hub");

        var replicas = hub["deploy"]?["replicas"]?.GetValue<long>();

        Assert.Equal(2, replicas);
        // Replicas cannot share a host port or a container name: the proxy is their one address.
        Assert.Null(hub["ports"]);
        Assert.Null(hub["container_name"]);
        Assert.Contains("8080", ComposeFile.Strings(hub["expose"]));
    }

    [Fact]
    public void Services_LongRunning_DeclareAHealthcheckInComposeOrTheirImage()
    {
        var compose = ComposeFile.Load();

        var longRunning = ComposeFile.Services(compose)
            .Where(s => s.Service["restart"]?.ToString() != "no")
            .ToList();

        Assert.NotEmpty(longRunning);
        Assert.All(longRunning, s =>
        {
            var check = s.Service["healthcheck"];
            var inCompose = check is not null && check["disable"]?.GetValue<bool>() != true
                && ComposeFile.Strings(check["test"]).FirstOrDefault() is "CMD" or "CMD-SHELL";
            var build = ComposeFile.Build(s.Service);
            var inImage = build is not null && Dockerfile.Load(RepoPaths.Of(build.Value.Dockerfile)).Final.Instructions
                .Any(i => i.Keyword == "HEALTHCHECK" && i.Arguments.Contains("CMD", StringComparison.Ordinal));
            Assert.True(inCompose || inImage, $"service {s.Name} has no healthcheck");
        });
    }

    [Fact]
    public void DependsOn_HealthyConditions_PointAtServicesWithHealthchecks()
    {
        var compose = ComposeFile.Load();
        var services = ComposeFile.Services(compose).ToDictionary(s => s.Name, s => s.Service);

        var dependencies = services
            .SelectMany(s => (s.Value["depends_on"] as JsonObject ?? []).Select(d => (From: s.Key, To: d.Key, Condition: d.Value?["condition"]?.ToString())))
            .ToList();

        Assert.NotEmpty(dependencies);
        Assert.All(dependencies, d =>
        {
            Assert.True(services.ContainsKey(d.To), $"{d.From} depends on unknown service {d.To}");
            if (d.Condition == "service_healthy")
            {
                Assert.True(services[d.To]["healthcheck"] is not null, $"{d.From} waits for {d.To} to be healthy, but {d.To} has no healthcheck");
            }

            if (d.Condition == "service_completed_successfully")
            {
                Assert.Equal("no", services[d.To]["restart"]?.ToString());
            }
        });
    }

    [Fact]
    public void Ports_Published_OnlyByTheProxyAndOnlyOnLoopback()
    {
        var compose = ComposeFile.Load();

        var published = ComposeFile.Services(compose)
            .Where(s => s.Service["ports"] is JsonArray { Count: > 0 })
            .ToList();

        var proxy = Assert.Single(published);
        Assert.Equal("proxy", proxy.Name);
        Assert.All(proxy.Service["ports"]!.AsArray(), port =>
        {
            var hostIp = port is JsonObject o ? o["host_ip"]?.ToString() : port!.ToString().Split(':')[0];
            Assert.Equal("127.0.0.1", hostIp);
        });
    }

    [Fact]
    public void Networks_Stores_SitOnlyOnTheInternalBackendNetwork()
    {
        var compose = ComposeFile.Load();

        var backend = compose["networks"]?["backend"];

        Assert.True(backend?["internal"]?.GetValue<bool>(), "the backend network must be internal");
        foreach (var store in new[] { "redis", "postgres" })
        {
            Assert.Equal(["backend"], ComposeFile.Strings(ComposeFile.Service(compose, store)["networks"]));
        }

        Assert.Contains("backend", ComposeFile.Strings(ComposeFile.Service(compose, "hub")["networks"]));
    }

    [Fact]
    public void Volumes_NamedVolumesAreDeclaredAndBindMountSourcesExist()
    {
        var compose = ComposeFile.Load();
        var declared = (compose["volumes"] as JsonObject ?? []).Select(v => v.Key).ToHashSet();

        var mounts = ComposeFile.Services(compose)
            .SelectMany(s => ComposeFile.Strings(s.Service["volumes"]).Select(v => (s.Name, Source: v.Split(':')[0])))
            .ToList();

        Assert.Contains(mounts, m => m.Name == "postgres" && m.Source == "postgres-data");
        Assert.Contains(mounts, m => m.Name == "relay" && m.Source == "relay-data");
        Assert.All(mounts, m =>
        {
            if (m.Source.StartsWith('.') || m.Source.StartsWith('/'))
            {
                Assert.True(File.Exists(RepoPaths.Of(m.Source)) || Directory.Exists(RepoPaths.Of(m.Source)), $"{m.Name}: bind mount {m.Source} is missing");
            }
            else
            {
                Assert.True(declared.Contains(m.Source), $"{m.Name}: volume {m.Source} is not declared under volumes:");
            }
        });
    }

    [Fact]
    public void Hub_Environment_SetsThePlannedConfigurationKeysThatTheDocsDescribe()
    {
        var hub = ComposeFile.Service(ComposeFile.Load(), "hub");
        var docs = RepoPaths.Read("docs/deployment.md");

        var environment = ComposeFile.ListOrDict(hub["environment"]);

        Assert.Equal("postgres", environment["MML__Store"]);
        Assert.Matches("^Host=postgres;", environment["MML__Postgres"]);
        Assert.Equal("redis:6379", environment["MML__Redis"]);
        Assert.All(environment.Keys.Where(k => k.StartsWith("MML", StringComparison.Ordinal)), key =>
            Assert.True(docs.Contains(key, StringComparison.Ordinal), $"docs/deployment.md does not describe {key}"));
    }

    [Fact]
    public void Relay_Command_RunsSimulatedRunnersThroughTheProxy()
    {
        var relay = ComposeFile.Service(ComposeFile.Load(), "relay");

        var command = ComposeFile.Strings(relay["command"]);

        Assert.Equal("run", command[0]);
        Assert.Equal("http://proxy:8080", command[command.IndexOf("--hub") + 1]);
        Assert.Matches(new Regex("^sim:"), command[command.IndexOf("--source") + 1]);
        Assert.Contains("--runners", command);
        Assert.Contains("--data", command);
    }

    [Fact]
    public void Secrets_ComeFromTheEnvironmentWithoutDefaults()
    {
        var text = RepoPaths.Read(ComposeFile.RelativePath);

        var secrets = new[] { "MML_COACH_KEY", "MML_JWT_SIGNING_KEY", "MML_POSTGRES_PASSWORD" };

        // ${VAR:?message} stops `docker compose up` with the message when VAR is unset: no secret ships as a default.
        Assert.All(secrets, s => Assert.Matches(new Regex(@"\$\{" + s + @":\?"), text));
        Assert.All(secrets, s => Assert.DoesNotMatch(new Regex(@"\$\{" + s + @":?-"), text));
    }
}
