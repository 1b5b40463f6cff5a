#!/usr/bin/env bash
# bench/idle.sh: /health of a running daemon under 2,000 idle and slow connections (issue 21, item 1).
#
#   bench/idle.sh [--idle N] [--slow N] [--sources N] [--probes N] [--hold-seconds S] [--build]
#
# Starts `failberry demo` with the shipped JVM options (as run.sh), waits until it is CONNECTED, then
# runs ConnectionFlood (daemon/src/test/java/dev/failberry/http/ConnectionFlood.java, JDK only, compiled here):
# N idle (default 1500) and N slow (default 500) connections from --sources addresses (default 4:
# 127.0.0.2-5; up to 250), each reopened as soon as the daemon closes it. While the flood holds it: ConnectionFlood's own probes (fresh connection,
# GET /health, 2 s budget), then --probes `curl -m 2` checks from 127.0.0.1 as in the report, and
# samples the daemon's RSS (VmRSS) and threads every half second. Prints the figures before, during
# and after the flood. Uses dist/target/failberry.jar (builds it when missing or with --build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
jar=$root/dist/target/failberry.jar
idle=1500
slow=500
probes=100
sources=4
hold=20
build=false
while (($#)); do
    case $1 in
        --idle) idle=$2; shift ;;
        --slow) slow=$2; shift ;;
        --probes) probes=$2; shift ;;
        --sources) sources=$2; shift ;;
        --hold-seconds) hold=$2; shift ;;
        --build) build=true ;;
        *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 2 ;;
    esac
    shift
done

# shellcheck source=bench/common.sh
source "$here/common.sh"

work=$(mktemp -d /tmp/failberry-idle.XXXXXX)
# the demo's simulator child may still be leaving its temp files when the demo has exited
trap 'stop_all; rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work"; }' EXIT
mkdir -p "$work/tmp" "$work/classes"
if [[ $build == true || ! -r $jar ]]; then
    (cd "$root" && mvn -B -q package -DskipTests)
fi
read_jvm_options "$root/config/jvm.options" "$work/tmp"
javac -d "$work/classes" "$root/daemon/src/test/java/dev/failberry/http/ConnectionFlood.java"

health=$(free_port)
admin=$(free_port)
start_bg demo java "${jvm_opts[@]}" -jar "$jar" demo --health-port "$health" --admin-port "$admin"
demo=$last_pid
wait_state "$admin" CONNECTED 120 || { echo "demo not CONNECTED; log:"; tail -30 "$work/demo.log"; exit 1; }
sleep 5
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(java -version 2>&1 | head -1)"
echo "before:  RSS $(kb_to_mb "$(proc_status_kb "$demo" VmRSS)") MB, threads $(proc_status_kb "$demo" Threads)"

# curl -m 2 checks like the report's; prints "SUCCESS_PERCENT P50 P90 P99 MAX" (ms; a failure counts 2000)
curl_probes() {
    local n=$1 i out code t ok=0 times=()
    for ((i = 0; i < n; i++)); do
        out=$(curl -s -o /dev/null -m 2 -w '%{http_code} %{time_total}' "http://127.0.0.1:$health/health" || true)
        code=${out%% *}
        t=$(awk -v s="${out##* }" 'BEGIN { printf "%d", s * 1000 }')
        if [[ $code == 200 ]]; then ok=$((ok + 1)); else t=2000; fi
        times+=("$t")
        sleep 0.05
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v ok="$ok" -v n="$n" '
        { a[NR] = $1 }
        function p(q) { i = int(q * NR + 0.999999); if (i < 1) i = 1; return a[i] }
        END { printf "%.1f %d %d %d %d\n", 100 * ok / n, p(0.5), p(0.9), p(0.99), a[NR] }'
}

source_list=()
for ((i = 2; i < sources + 2; i++)); do source_list+=("127.0.0.$i"); done
HOLD_SECONDS=$hold start_bg flood java -Xmx64m -cp "$work/classes" dev.failberry.http.ConnectionFlood \
    "127.0.0.1:$health" "$idle" "$slow" 200 "${source_list[@]}"
flood=$last_pid
for ((i = 0; i < 600; i++)); do
    grep -q '^probes' "$work/flood.log" && break
    sleep 0.1
done
rss_max=0 threads_max=0
(
    while kill -0 "$flood" 2>/dev/null; do
        echo "$(proc_status_kb "$demo" VmRSS) $(proc_status_kb "$demo" Threads)"
        sleep 0.5
    done
) >"$work/samples" &
sampler=$!
read -r ok p50 p90 p99 max < <(curl_probes "$probes")
wait "$flood" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
read -r rss_max threads_max < <(awk '$1 > r { r = $1 } $2 > t { t = $2 } END { print r, t }' "$work/samples")
echo "flood:   $idle idle + $slow slow connections from ${source_list[0]}-${source_list[-1]##*.}, reopened when closed, held ${hold}s"
echo "  ConnectionFlood $(grep '^probes' "$work/flood.log")"
echo "  curl -m 2: $probes probes, success $ok %, latency ms p50 $p50 p90 $p90 p99 $p99 max $max"
echo "  daemon during the flood: RSS max $(kb_to_mb "$rss_max") MB, threads max $threads_max"
sleep 3
echo "after:   RSS $(kb_to_mb "$(proc_status_kb "$demo" VmRSS)") MB, threads $(proc_status_kb "$demo" Threads)"
grep -h 'listener:' "$work/demo.log" | head -3 || true
