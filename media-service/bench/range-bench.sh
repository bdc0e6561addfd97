#!/usr/bin/env bash
# Random 256 KiB ranges of one file (10 MiB; SIZE=<bytes> for another), served by nginx and by media-service side by side, interleaved in rounds
# (Debian's wrk and nginx: apt-get install -y wrk nginx-light). Not a test: prints figures. Build the jar first:
#   deploy/mvn -q -pl media-service -am package -DskipTests
# then, holding the machine's benchmark lock:
#   flock /work/wt/bench.lock media-service/bench/range-bench.sh
#
# Each round runs every server once (nginx, media-service, and any BASELINE build), in an order that rotates from
# round to round so drift on a shared machine does not favour one side. Per run it prints req/s, wrk's p50/p99 latency
# and the server's CPU time per range (user + system from /proc, steadier than req/s when other work shares the
# machine); at the end the aggregate of all rounds and the ratios to nginx.
#
# Environment: ROUNDS (4), DURATION (10s per run), WARMUP (25s per Java server, JIT; the first rounds still cost more on a busy machine), CONNECTIONS (16), THREADS (2),
# CHUNK (range size in bytes, 262144), NGINX_PORT (18090), MEDIA_PORT (18092; further builds take the next ports),
# SIZE (bytes of the served file, 10485760), FLOOR=1 (also run RangeFloor.java's two bare-JDK servers, "jdk-socket"
# and "jdk-sendfile": what any server on a java.net.Socket can reach, and what a channel with sendfile reaches),
# JAR (the media-service build to measure, media-service/target/media-service.jar; a copy lets you build meanwhile),
# BASELINE=<dir or jar> (another media-service build to run alongside, e.g. a copy of target/ made before a change:
# cp -r media-service/target/{media-service.jar,libs} /tmp/before), JAVA_OPTS (-Xmx384m -XX:+UseSerialGC),
# MEDIA_JAVA_OPTS / BASELINE_JAVA_OPTS (more JVM options for one build, to compare settings), VARIANTS (below), PROFILE=<file.jfr> (a JFR recording of media-service during its first run), with ASYNC_PROFILER=<path to
# libasyncProfiler.so> (from Maven Central: tools.profiler:async-profiler:4.2:jar:linux-x64) async-profiler's instead
# (PROFILE=<file.collapsed> or <file.html>; PROFILE_EVENT cpu, itimer or alloc).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/deploy/jdk.sh"
encore_pick_jdk
nginx_port=${NGINX_PORT:-18090}
media_port=${MEDIA_PORT:-18092}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
rounds=${ROUNDS:-4}
java_opts=${JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y wrk nginx-light curl" >&2; exit 1; }
done
jar_of() { if [ -d "$1" ]; then echo "$1/media-service.jar"; else echo "$1"; fi; }
jar=${JAR:-$root/media-service/target/media-service.jar}
builds=("media-service=$jar")
[ -n "${BASELINE:-}" ] && builds+=("baseline=$(jar_of "$BASELINE")")
# VARIANTS: one "name JVM options..." per line: the current jar again under that name with those options (settings
# compared in one run, e.g. VARIANTS=$'wbuf0 -Dserver.write-buffer-size=0\nnometrics -Dmetrics.enabled=false').
declare -A variant_opts=()
while read -r vname vopts; do
  [ -n "$vname" ] || continue
  builds+=("$vname=$jar")
  variant_opts[$vname]=$vopts
done <<< "${VARIANTS:-}"
for build in "${builds[@]}"; do
  [ -f "${build#*=}" ] || { echo "no jar at ${build#*=}: deploy/mvn -q -pl media-service -am package -DskipTests" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as www-data
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

size=${SIZE:-10485760}
export SIZE=$size # range.lua reads it
head -c "$size" /dev/urandom > "$work/file"
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
  # The headers media-service sends too (nginx sends Accept-Ranges on a 200 only): the same bytes on the wire.
  add_header Cache-Control "public, max-age=31536000, immutable";
  keepalive_requests 100000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; location /stream/ { alias $work/nginx/; } }
}
CONF
nginx -c "$work/nginx.conf"
servers=("nginx $nginx_port")

# MEDIA_JAVA_OPTS / BASELINE_JAVA_OPTS: more JVM options (e.g. -Dserver.some.key=value) for one build only.
extra_opts() {
  case $1 in
    baseline) echo "${BASELINE_JAVA_OPTS:-}" ;;
    media-service) echo "${MEDIA_JAVA_OPTS:-}" ;;
    *) echo "${variant_opts[$1]}" ;;
  esac
}
# No MongoDB or Kafka needed: stream URLs are served from the blob store alone.
port=$media_port
for build in "${builds[@]}"; do
  name=${build%%=*}
  SERVER_PORT=$port ENCORE_DATA_DIR="$work/data" MONGODB_URI=mongodb://127.0.0.1:1 \
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 java $java_opts $(extra_opts "$name") -jar "${build#*=}" > "$work/$name.log" 2>&1 &
  pids+=($!)
  echo "$!" > "$work/$name.pid"
  servers+=("$name $port")
  port=$((port + 1))
done

if [ -n "${FLOOR:-}" ]; then
  javac -d "$work/floor" "$here/RangeFloor.java"
  for mode in socket sendfile; do
    java $java_opts -cp "$work/floor" RangeFloor "$mode" "$port" "$work/nginx/$sha.mp3" > "$work/jdk-$mode.log" 2>&1 &
    pids+=($!)
    echo "$!" > "$work/jdk-$mode.pid"
    servers+=("jdk-$mode $port")
    port=$((port + 1))
  done
fi

url() { echo "http://127.0.0.1:$1/stream/$sha.mp3"; }
for server in "${servers[@]}"; do
  set -- $server
  case $1 in
    nginx) ;;
    jdk-*) for _ in $(seq 60); do curl -sf -o /dev/null -r 0-0 "$(url "$2")" && break; sleep 0.5; done ;;
    *) for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$2/health/live" && break; sleep 0.5; done ;;
  esac
  curl -sf -o /dev/null -r 0-0 "$(url "$2")" || { echo "$1 does not serve the file" >&2; cat "$work/$1.log" >&2 || true; exit 1; }
  # Same bytes as the file for one range: the comparison is only fair if both answer correctly.
  cmp <(curl -sf -r 1000-263143 "$(url "$2")") <(tail -c +1001 "$work/file" | head -c 262144) \
    || { echo "$1 serves wrong bytes" >&2; exit 1; }
  if [ "$1" != nginx ]; then
    wrk -t"$threads" -c"$connections" -d"${WARMUP:-25s}" -s "$here/range.lua" "$(url "$2")" > /dev/null # JIT warm-up
  fi
done

procs_of() {
  if [ "$1" = nginx ]; then
    echo "$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')"
  else
    cat "$work/$1.pid"
  fi
}
# CPU seconds (user + system) the server's processes have used so far.
cpu_seconds() {
  local ticks=0
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}
# wrk's output -> "requests seconds p50_ms p99_ms"
parse_wrk() {
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000;
                        return v * 1000 }
       /requests in/ { n = $1; s = $4; sub(/s,$/, "", s) }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       END { printf "%s %s %.2f %.2f", n, s, p50, p99 }' "$1"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$threads -c$connections, $duration x $rounds rounds, ranges of ${CHUNK:-262144} bytes"
: > "$work/results"
count=${#servers[@]}
for round in $(seq "$rounds"); do
  for i in $(seq 0 $((count - 1))); do
    set -- ${servers[$(((i + round - 1) % count))]}
    procs=$(procs_of "$1")
    if [ -n "${PROFILE:-}" ] && [ "$1" = media-service ] && [ ! -f "$work/profiling" ]; then
      touch "$work/profiling"
      if [ -n "${ASYNC_PROFILER:-}" ]; then
        jcmd "$(cat "$work/$1.pid")" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,event=${PROFILE_EVENT:-cpu},interval=1ms\"" > /dev/null
      else
        jcmd "$(cat "$work/$1.pid")" JFR.start name=bench settings=profile "filename=$PROFILE" > /dev/null
      fi
    fi
    before=$(cpu_seconds $procs)
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/range.lua" "$(url "$2")" > "$work/wrk.out"
    after=$(cpu_seconds $procs)
    if [ -f "$work/profiling" ] && [ "$1" = media-service ] && [ ! -f "$work/profiled" ]; then
      touch "$work/profiled"
      if [ -n "${ASYNC_PROFILER:-}" ]; then
        jcmd "$(cat "$work/$1.pid")" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,file=$PROFILE\"" > /dev/null
      else
        jcmd "$(cat "$work/$1.pid")" JFR.stop name=bench > /dev/null
      fi
    fi
    read -r requests seconds p50 p99 <<< "$(parse_wrk "$work/wrk.out")"
    echo "$1 $round $requests $seconds $p50 $p99 $before $after" >> "$work/results"
    echo "$1 $round $requests $seconds $p50 $p99 $before $after" \
      | awk '{printf "%-14s round %s: %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU %6.1f us/range\n",
                     $1, $2, $3 / $4, $5, $6, ($8 - $7) * 1e6 / $3}'
  done
done

echo "aggregate of $rounds rounds (req/s = all requests / all seconds; CPU = all CPU / all requests; p50/p99 = median of the rounds'):"
awk -v order="$(for s in "${servers[@]}"; do printf '%s ' "${s%% *}"; done)" '{ n[$1] += $3; s[$1] += $4; cpu[$1] += $8 - $7; p50[$1] = p50[$1] " " $5; p99[$1] = p99[$1] " " $6 }
     function median(list,   a, k, i, j, t) {
       k = split(list, a, " ")
       for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
       return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
     }
     END {
       k = split(order, names, " ")
       for (i = 1; i <= k; i++) {
         name = names[i]
         rps[name] = n[name] / s[name]; us[name] = cpu[name] * 1e6 / n[name]
         printf "%-14s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU %6.1f us/range  (%d requests)\n",
                name, rps[name], median(p50[name]), median(p99[name]), us[name], n[name]
       }
       for (i = 2; i <= k; i++) if ((name = names[i]) in n)
         printf "%-14s / nginx: req/s %.2fx, CPU per range %.2fx\n", name, rps[name] / rps["nginx"], us[name] / us["nginx"]
     }' "$work/results"
