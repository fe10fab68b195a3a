#!/usr/bin/env bash
# A local cluster from Debian's packages (README "Deploying"): a PostgreSQL primary and one streaming replica
# (pg_createcluster + pg_basebackup), two app instances reading from the replica, nginx in front.
# Run as root from the project folder: `npm run cluster:up`; `npm run cluster:down` removes it all.
# Ports (environment): GUATU_CLUSTER_PG_PORT (primary, the replica is the next one) 5440, GUATU_CLUSTER_APP_PORT
# (instance A, B is the next one) 8801, GUATU_CLUSTER_PORT (nginx) 8800; state and logs in GUATU_CLUSTER_DIR
# (/tmp/guatu-cluster). nginx runs as its own master with its own prefix and ports: a system nginx is not touched.
set -euo pipefail
cd "$(dirname "$0")/../.."

DIR=${GUATU_CLUSTER_DIR:-/tmp/guatu-cluster}
PG_PORT=${GUATU_CLUSTER_PG_PORT:-5440}
REPLICA_PORT=$((PG_PORT + 1))
APP_PORT=${GUATU_CLUSTER_APP_PORT:-8801}
PROXY_PORT=${GUATU_CLUSTER_PORT:-8800}
PG_VERSION=${GUATU_CLUSTER_PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}
PRIMARY=guatu_primary
REPLICA=guatu_replica
mkdir -p "$DIR"

# every port must be free: a clear message rather than a cluster half made
for port in "$PG_PORT" "$REPLICA_PORT" "$APP_PORT" "$((APP_PORT + 1))" "$PROXY_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "cluster:up: port $port is in use (npm run cluster:down, or set GUATU_CLUSTER_*PORT)" >&2
    exit 1
  fi
done

echo "primary: PostgreSQL ${PG_VERSION} cluster ${PRIMARY} on port ${PG_PORT}"
pg_createcluster "$PG_VERSION" "$PRIMARY" -p "$PG_PORT" >/dev/null
CONF=/etc/postgresql/$PG_VERSION/$PRIMARY
cat >> "$CONF/postgresql.conf" <<CONFIG
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
hot_standby = on
# a replica's long read is not cancelled by a conflicting cleanup on the primary
hot_standby_feedback = on
CONFIG
# loopback only, trusted: a local test cluster (a real one uses scram-sha-256 and a replication user)
cat > "$CONF/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
pg_ctlcluster "$PG_VERSION" "$PRIMARY" start
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'create database guatu'
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d guatu -c 'create extension postgis'

echo "replica: cluster ${REPLICA} on port ${REPLICA_PORT}, streaming from the primary"
pg_createcluster "$PG_VERSION" "$REPLICA" -p "$REPLICA_PORT" >/dev/null
DATA=/var/lib/postgresql/$PG_VERSION/$REPLICA
find "$DATA" -mindepth 1 -delete
# -c fast: the backup starts at once with its own checkpoint rather than waiting for the next spread one (minutes)
su postgres -c "pg_basebackup -h 127.0.0.1 -p ${PG_PORT} -U postgres -D ${DATA} -R -X stream -c fast"
cp "$CONF/pg_hba.conf" "/etc/postgresql/$PG_VERSION/$REPLICA/pg_hba.conf"
echo "listen_addresses = '127.0.0.1'" >> "/etc/postgresql/$PG_VERSION/$REPLICA/postgresql.conf"
echo "hot_standby_feedback = on" >> "/etc/postgresql/$PG_VERSION/$REPLICA/postgresql.conf"
pg_ctlcluster "$PG_VERSION" "$REPLICA" start

PRIMARY_URL="postgres://postgres@127.0.0.1:${PG_PORT}/guatu"
REPLICA_URL="postgres://postgres@127.0.0.1:${REPLICA_PORT}/guatu"

echo "the built app (dist/), the demo district with its accounts"
[ -f dist/web/index.html ] || npx vite build >/dev/null
npm run --silent build:server
DATABASE_URL="$PRIMARY_URL" npx tsx data/demo/load.ts >"$DIR/demo-load.log" 2>&1

# GUATU_CLUSTER_PIN=1: instance A on CPU 0 and B on CPU 1 (taskset), for the load figures of one against two
start_instance() { # name port cpu
  local pin=()
  if [ -n "${GUATU_CLUSTER_PIN:-}" ]; then pin=(taskset -c "$3"); fi
  DATABASE_URL="$PRIMARY_URL" GUATU_READ_DATABASE_URLS="$REPLICA_URL" GUATU_TRUST_PROXY=1 HOST=127.0.0.1 PORT="$2" \
    setsid "${pin[@]}" node dist/server/main.js >"$DIR/$1.log" 2>&1 &
  echo $! >"$DIR/$1.pid"
  for _ in $(seq 1 120); do
    grep -q 'listening on' "$DIR/$1.log" && return 0
    kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null || { cat "$DIR/$1.log"; return 1; }
    sleep 0.5
  done
  cat "$DIR/$1.log"
  return 1
}
start_instance app-a "$APP_PORT" 0
start_instance app-b "$((APP_PORT + 1))" 1
echo "instances: A on ${APP_PORT}, B on $((APP_PORT + 1))"

mkdir -p "$DIR/nginx/logs"
printf 'server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\nserver 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n' \
  "$APP_PORT" "$((APP_PORT + 1))" >"$DIR/nginx/upstream.conf"
cat >"$DIR/nginx/nginx.conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo 'user root;' )
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/body;
  proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi;
  scgi_temp_path $DIR/nginx/scgi;
  proxy_cache_path $DIR/nginx/cache levels=1:2 keys_zone=guatu_cache:10m max_size=256m inactive=1d use_temp_path=off;
  upstream guatu {
    # both instances; \`npm run bench:load -- --proxy\` rewrites this list to compare one with two
    include $DIR/nginx/upstream.conf;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${PROXY_PORT};
    # a stopped instance: the request goes to the other one
    proxy_next_upstream error timeout http_502 http_503;
    include $(pwd)/deploy/guatu-locations.conf;
  }
}
NGINX
nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
echo "nginx on http://127.0.0.1:${PROXY_PORT} — log in as leader / guatu-demo"
