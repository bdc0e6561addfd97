#!/usr/bin/env bash
# Random 256 KiB ranges of one 10 MiB file, served by nginx and by media-service side by side (Debian's wrk and
# nginx: apt-get install -y wrk nginx-light). Not a test: prints wrk's figures. Build the jar first:
#   deploy/mvn -pl media-service package -DskipTests
# Ports NGINX_PORT / MEDIA_PORT (default 18090 / 18092), DURATION (10s), CONNECTIONS (16), ROUNDS (3), WARMUP (15s, JIT),
# CHUNK (range size in bytes, 262144).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/deploy/jdk.sh"
encore_pick_jdk
nginx_port=${NGINX_PORT:-18090}
media_port=${MEDIA_PORT:-18092}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as www-data
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

head -c 10485760 /dev/urandom > "$work/file"
sha=$(sha256sum "$work/file" | cut -c1-64)
mkdir -p "$work/data/media/${sha:0:2}/${sha:2:2}" "$work/nginx" "$work/tmp"
cp "$work/file" "$work/data/media/${sha:0:2}/${sha:2:2}/$sha.mp3"
cp "$work/file" "$work/nginx/$sha.mp3"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; location /stream/ { alias $work/nginx/; } }
}
CONF
nginx -c "$work/nginx.conf"
curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$nginx_port/stream/$sha.mp3" || { echo "nginx does not serve the file" >&2; exit 1; }

# No MongoDB or Kafka needed: stream URLs are served from the blob store alone.
SERVER_PORT=$media_port ENCORE_DATA_DIR="$work/data" MONGODB_URI=mongodb://127.0.0.1:1 \
  KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 java ${ENCORE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC} \
  -jar "$root/media-service/target/media-service.jar" > "$work/media.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$media_port/health/live" && break; sleep 0.5; done

wrk -t2 -c"$connections" -d${WARMUP:-15s} -s "$here/range.lua" "http://127.0.0.1:$media_port/stream/$sha.mp3" > /dev/null # JIT warm-up
media_pid=${pids[0]}
nginx_pids() { echo "$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')"; }
# CPU seconds (user + system) the server's processes have used so far: a figure that stays meaningful when other
# work shares the machine, unlike req/s alone.
cpu_seconds() {
  local ticks=0
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}
for round in $(seq "$rounds"); do
  for server in "nginx $nginx_port" "media-service $media_port"; do
    set -- $server
    if [ "$1" = nginx ]; then procs=$(nginx_pids); else procs=$media_pid; fi
    before=$(cpu_seconds $procs)
    printf '%-14s round %s: ' "$1" "$round"
    wrk -t2 -c"$connections" -d"$duration" -s "$here/range.lua" "http://127.0.0.1:$2/stream/$sha.mp3" \
      | awk '/Requests\/sec/ {r=$2} /Transfer\/sec/ {t=$2} /requests in/ {n=$1} END {printf "%s req/s, %s/s, %s requests", r, t, n}' \
      > "$work/wrk.out"
    after=$(cpu_seconds $procs)
    requests=$(awk '{print $(NF-1)}' "$work/wrk.out")
    echo "$(cat "$work/wrk.out"), server CPU $(echo "$before $after $requests" | awk '{printf "%.1f us/request", ($2 - $1) * 1e6 / $3}')"
  done
done
