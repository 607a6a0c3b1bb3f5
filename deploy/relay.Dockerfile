# syntax=docker/dockerfile:1
# The relay: N simulated runners (or one real runner's sensors), durable outbox in /data, running as non-root `app`.
# Build from the repository root:  docker build -f deploy/relay.Dockerfile -t mindmuscle-live/relay .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the files that decide the package graph only, so a code change reuses the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY core/MindMuscle.Live.Core.csproj core/
COPY runner-kit/MindMuscle.Live.RunnerKit.csproj runner-kit/
COPY relay/MindMuscle.Live.Relay.csproj relay/
RUN dotnet restore relay/MindMuscle.Live.Relay.csproj
COPY core/ core/
COPY runner-kit/ runner-kit/
COPY relay/ relay/
RUN dotnet publish relay/MindMuscle.Live.Relay.csproj -c Release --no-restore -o /out -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
# /data: the outbox and the runners' identities; a named volume keeps them across container restarts so the relay
# comes back as the same runners and delivers what it had not yet been acknowledged.
RUN mkdir -p /data /session && chown "$APP_UID" /data /session
COPY --from=build /out .
COPY --chmod=0755 deploy/healthz.sh /usr/local/bin/mml-healthz
COPY --chmod=0755 deploy/relay-entrypoint.sh /usr/local/bin/mml-relay
USER $APP_UID
VOLUME /data
# Healthy while the relay runs and, when MML_HEALTH_URL is set (docker-compose.yml sets the hub's), its hub answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["mml-healthz"]
ENTRYPOINT ["mml-relay"]
CMD ["--help"]
