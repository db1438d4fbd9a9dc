#!/bin/sh
# Entrypoint of the Plantão server image (issue #11). Small on purpose: the
# server validates its whole environment itself and migrates the database at
# start-up (safely, with several instances). This only
#   1. turns Docker/Compose secrets into variables: NAME_FILE=/run/secrets/x
#      sets NAME from that file (JWT_SECRET_FILE, METRICS_TOKEN_FILE, …);
#   2. refuses what would fail late or lose data in a container: no
#      DATABASE_URL (the default ./data/plantao.db would live in the
#      container's writable layer and vanish with it), no JWT_SECRET in
#      production, a SQLite folder this user cannot write;
#   3. execs the command (default `node dist/main.js`), so the server is the
#      process that receives SIGTERM and shuts down gracefully.
# Exit 1 with one line naming the variable when something is wrong.
set -eu

fail() {
  echo "plantao entrypoint: $*" >&2
  exit 1
}

for name in JWT_SECRET DATABASE_URL REDIS_URL METRICS_TOKEN WHATSAPP_APP_SECRET WHATSAPP_VERIFY_TOKEN WHATSAPP_ACCESS_TOKEN JWT_PUBLIC_KEY; do
  eval "file=\${${name}_FILE:-}"
  eval "value=\${${name}:-}"
  [ -n "$file" ] || continue
  [ -z "$value" ] || fail "both $name and ${name}_FILE are set: keep one"
  [ -f "$file" ] && [ -r "$file" ] || fail "${name}_FILE=$file is not a readable file"
  # $(…) drops the file's trailing newlines, as secrets written with echo have one.
  value=$(cat "$file")
  [ -n "$value" ] || fail "${name}_FILE=$file is empty"
  export "$name=$value"
  unset "${name}_FILE"
done

[ -n "${DATABASE_URL:-}" ] ||
  fail "DATABASE_URL is not set: use postgres://… or sqlite:/data/plantao.db with a volume on /data (a database inside the container is lost with it)"

if [ "${NODE_ENV:-production}" = production ] && [ -z "${JWT_SECRET:-}" ]; then
  fail "JWT_SECRET (or JWT_SECRET_FILE) is required in production: at least 32 characters, e.g. openssl rand -base64 48"
fi

case "$DATABASE_URL" in
  sqlite::memory:) ;;
  sqlite:*)
    file=${DATABASE_URL#sqlite:}
    case "$file" in
      /*) ;;
      *) fail "DATABASE_URL=$DATABASE_URL: give SQLite an absolute path on a volume, e.g. sqlite:/data/plantao.db" ;;
    esac
    dir=$(dirname "$file")
    [ -d "$dir" ] || fail "DATABASE_URL: folder $dir does not exist: mount a volume there"
    [ -w "$dir" ] || fail "DATABASE_URL: folder $dir is not writable by uid $(id -u): chown the volume to it"
    ;;
  postgres://* | postgresql://*) ;;
  *) fail "DATABASE_URL must start with sqlite: or postgres://" ;;
esac

exec "$@"
