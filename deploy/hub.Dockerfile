# syntax=docker/dockerfile:1
# The hub: ASP.NET Core SignalR, listening on 8080 inside the container, running as the non-root `app` user.
# Build from the repository root:  docker build -f deploy/hub.Dockerfile -t mindmuscle-live/hub .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the files that decide the package graph only, so a code change reuses the restore layer.
# global.json pins the SDK band (10.0.401, rollForward latestFeature): the sdk:10.0 tag tracks the newest band.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY core/MindMuscle.Live.Core.csproj core/
COPY runner-kit/MindMuscle.Live.RunnerKit.csproj runner-kit/
COPY web/MindMuscle.Live.Web.csproj web/
COPY hub/MindMuscle.Live.Hub.csproj hub/
RUN dotnet restore hub/MindMuscle.Live.Hub.csproj
COPY core/ core/
COPY runner-kit/ runner-kit/
# The web app (Blazor WebAssembly) is published with the hub, which serves its files.
COPY web/ web/
COPY hub/ hub/
RUN dotnet publish hub/MindMuscle.Live.Hub.csproj -c Release --no-restore -o /out -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
# /data: the hub's data folder (coach key file, SQLite when the store is sqlite). One anonymous volume per replica:
# replicas must not share a SQLite file; with Hub__Store=postgres the recording lives in PostgreSQL.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=build /out .
COPY --chmod=0755 deploy/healthz.sh /usr/local/bin/mml-healthz
COPY --chmod=0755 deploy/hub-entrypoint.sh /usr/local/bin/mml-hub
ENV MML_HEALTH_URL=http://127.0.0.1:8080/healthz
USER $APP_UID
EXPOSE 8080
VOLUME /data
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["mml-healthz"]
# mml-hub writes the shared token signing key (MML_JWT_SIGNING_KEY) into the data folder, then runs the hub.
ENTRYPOINT ["mml-hub"]
# Inside a container the hub must listen on all interfaces (its own default is loopback only).
CMD ["--urls", "http://+:8080", "--data", "/data"]
