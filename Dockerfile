# newswatch worker image.
#
#   docker build -t newswatch .
#   docker run --rm -e REDIS_URL=redis://redis:6379 --env-file .env \
#     -v "$PWD/config/newswatch.yaml:/config/newswatch.yaml:ro" newswatch
#
# The image carries no config and no secrets: mount the config at
# /config/newswatch.yaml and pass ALERT_WEBHOOK_URL / ALERT_WEBHOOK_SECRET (or
# whatever your config's ${NAME}s are) in the environment. REDIS_URL is
# required: the image has no redis-server for the embedded fallback.
# The worker drains jobs for up to 25 s on SIGTERM: give it a stop timeout
# above that (compose: stop_grace_period: 30s; docker run --stop-timeout 30).
# test/deploy/ checks this file and runs what its CMD runs.

# --- build: dev dependencies, TypeScript -> dist/ ---------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run tsc before the sources are copied in
# (the explicit build below does it), and redis-memory-server's postinstall
# must not try to download Redis.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
RUN npm run build

# --- runtime: production dependencies and dist/ only ------------------------
FROM node:24-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM/SIGINT to node and reaps zombies, with or
# without `docker run --init`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# V8 sizes its heap from the machine, not the container, and then collects
# lazily: a 10,000-feed worker peaked at 385 MB RSS uncapped and at 250 MB with
# this cap, at the same polling rate and CPU (npm run bench:e2e -- --full).
# Raise it for very large configs. The young generation is doubled (32 MB
# semi-spaces, V8's default is 16): extracting a large page allocates more
# than half of a 16 MB one, so pages and their trees still in use were
# promoted at nearly every scavenge and old-space collections ran every
# second. With 32 MB a burst cost about 30 % less CPU per article, for
# about 35 MB more peak RSS (10,000 feeds: 270 MB; README, "Bursts").
ENV NODE_ENV=production \
    CONFIG_PATH=/config/newswatch.yaml \
    PORT=8080 \
    LOG_LEVEL=info \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=32"
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# The app files stay root-owned and read-only to the process.
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/workers/cli.js", "run"]
