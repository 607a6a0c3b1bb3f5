# syntax=docker/dockerfile:1
# One-shot: creates a session on the hub with the coach key and leaves its join code in /session for the relays.
FROM alpine:3.22 AS final
# Same uid as the .NET images' `app` user (1654), so the relay can read what this writes to the shared volume.
RUN apk add --no-cache bash curl jq \
    && adduser -D -H -u 1654 app \
    && mkdir -p /session && chown app /session
COPY --chmod=0755 deploy/create-session.sh /usr/local/bin/mml-create-session
USER app
HEALTHCHECK NONE
ENTRYPOINT ["mml-create-session"]
