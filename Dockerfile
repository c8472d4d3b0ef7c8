# syntax=docker/dockerfile:1

# One image for every role: the composition root's production entry (apps/server/src/main.js) runs
# what APP_ROLE says (all, api, projector). Configuration comes from the environment only:
# PORT, DATABASE_URL, EVENT_STORE, KURRENTDB_URL, APP_ROLE, LOG_LEVEL. The first-start demo of
# `npm start` (tools/demo) is not part of this entry.

FROM node:20-bookworm-slim AS base
# Same npm as development: it honours package.json `allowScripts` (npm >= 11.16), so only the
# dependency install scripts approved there run. node:20 ships npm 10, which ignores that field.
ARG NPM_VERSION=11.19.1
RUN npm install -g npm@${NPM_VERSION} && npm cache clean --force
ENV SCARF_ANALYTICS=false
WORKDIR /app

FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The web console (apps/console) is bundled into dist/console: its libraries need not be in the image.
RUN npm run build && npm run console:build
# The SQL migrations are not compiled; keep every *.sql file at its relative path, since the code
# finds each package's folder from the folder holding package.json.
RUN mkdir -p /sql \
 && find apps libs projections -name '*.sql' -print0 2>/dev/null | tar --null -cf - -T - | tar -xf - -C /sql

FROM base AS runtime
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /sql/ ./
# The unit registry seeded on first start (UNITS_SEED_FILE overrides it, `none` turns it off).
COPY --from=build /app/config ./config
# Writable only where the app may write: the embedded PostgreSQL used when DATABASE_URL is unset.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/server/src/main.js"]
