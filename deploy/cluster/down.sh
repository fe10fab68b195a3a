#!/usr/bin/env bash
# Stops and removes what `npm run cluster:up` started: nginx, the two instances, the replica and the primary.
set -uo pipefail
DIR=${GUATU_CLUSTER_DIR:-/tmp/guatu-cluster}
PG_VERSION=${GUATU_CLUSTER_PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}
[ -f "$DIR/nginx/nginx.pid" ] && nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s stop 2>/dev/null
for app in app-a app-b; do
  if [ -f "$DIR/$app.pid" ]; then
    kill -TERM "$(cat "$DIR/$app.pid")" 2>/dev/null
  fi
done
sleep 1
for app in app-a app-b; do
  [ -f "$DIR/$app.pid" ] && kill -KILL "$(cat "$DIR/$app.pid")" 2>/dev/null
done
for cluster in guatu_replica guatu_primary; do
  if [ -d "/etc/postgresql/$PG_VERSION/$cluster" ]; then
    pg_dropcluster --stop "$PG_VERSION" "$cluster"
  fi
done
rm -rf "$DIR"
echo "cluster removed"
