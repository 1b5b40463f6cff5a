#!/usr/bin/env bash
# bench/run.sh: FailberryPi's benchmark, one entry point.
#
#   bench/run.sh [--quick] [--no-build] [--runs N] [--steady-seconds S] [--steady-demos N]
#                [--load-seconds S] [--load-runs N] [--hang-runs N] [--dns-changes N]
#
# Builds once (mvn -B -q package -DskipTests; --no-build uses the jars in dist/target/), then measures, and
# prints a table: each figure is the median of several runs, and where there is a peer (JDK HttpServer
# hello-world, nginx) the peer is measured in the same run, interleaved, and the ratio is printed.
# The results are also written to bench/results/<ISO date-time>.json so runs can be compared.
#
# The JVM options are the shipped ones (config/jvm.options) minus the options that point at /run, /etc
# or /var paths that do not exist here (ErrorFile, logback config, CDS archive); java.io.tmpdir is a
# temp dir of this run.
#
# Figures (targets from issue 8):
#   start       process start -> first HTTP answer on /health of `failberry run` (no modem attached:
#               the answer is 503; the production wiring) vs a JDK HttpServer hello-world
#               (bench/java/HelloServer.java) with the same JVM options      target <= 1.5 s
#   cds         the class-data archive made as /usr/bin/failberry makes it for the service (a run
#               stopped with SIGTERM writes it; every later start maps it): start, steady and load
#               below use it, one extra demo without it gives "RSS, first run (no archive yet)"
#   steady      `failberry demo` connected, after --steady-seconds (default 60): RSS (VmRSS),
#               CPU over that window (utime+stime / wall), threads, classes loaded, heap used after
#               a full GC (jcmd GC.run; GC.heap_info). --steady-demos demos run side by side (they are
#               idle; each figure is per process, median over them)  target RSS <= 64 MB, CPU <= 0.5 %
#   load        /health throughput and p99 with the daemon pinned to core 0 and the load generator on
#               core 1 (taskset), 10 keep-alive connections, --load-seconds per run; wrk when installed,
#               else bench/java/LoadGen.java; vs nginx `return 200` pinned the same way when nginx is
#               installed                                 target >= 0.5x nginx, p99 <= 5 ms
#   dns         IP change -> UPSERT arriving at the loopback Route53 endpoint, production DnsPublisher
#               (bench/java/DnsLatency.java): with the AWS helper process ready (the usual case: it is
#               started when the link goes down), median over --dns-changes changes, and its RSS;
#               with a new helper started for each change (5); with the SDK in the daemon
#               (dns.sdk-process = false), first change and median  target <= 200 ms (helper ready)
#   recovery    modem hang -> USB power-cycle command and modem back (power on) -> CONNECTED, with the
#               reference.conf timings (command-timeout 3 s, hung-threshold 3, poll-interval 30 s):
#               in virtual time (the Controller on VirtualTime + the monitor's detection bound) and in
#               real time (the demo's simulators, hang injected right after a poll = worst case and
#               ~1 s before the next poll = best case; bench/java/RecoveryTiming.java)
#   sizes       dist/target/failberry.jar and the .deb
#
# --quick (about 2 minutes): 3 runs, 15 s steady state with one demo, 1 load run of 3 s, 10 DNS
# changes, and the real-time recovery with demo.conf's shorter timings (2 s / 10 s) once.
# Needs: java, javac and jcmd (JDK 17), curl; optional: wrk, nginx, taskset.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
jar=$root/dist/target/failberry.jar
# the simulators (the bench programs and the demo use them; never shipped) and the daemon's test jar
# (RecoveryTiming's virtual-time case runs on VirtualTime, which is test code)
sim=$root/dist/target/failberry-sim.jar

build=true
quick=false
runs=5
steady_seconds=60
steady_demos=3
load_seconds=10
load_runs=3
load_connections=10
hang_runs=2
dns_changes=20
dns_cold=5

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while (($#)); do
    case $1 in
        --quick)
            quick=true runs=3 steady_seconds=15 steady_demos=1 load_seconds=3 load_runs=1 hang_runs=1 dns_changes=10 dns_cold=3 ;;
        --no-build) build=false ;;
        --runs) runs=$2; shift ;;
        --steady-seconds) steady_seconds=$2; shift ;;
        --steady-demos) steady_demos=$2; shift ;;
        --load-seconds) load_seconds=$2; shift ;;
        --load-runs) load_runs=$2; shift ;;
        --hang-runs) hang_runs=$2; shift ;;
        --dns-changes) dns_changes=$2; shift ;;
        -h|--help) usage 0 ;;
        *) echo "run.sh: unknown option $1" >&2; usage 2 ;;
    esac
    shift
done

# shellcheck source=bench/common.sh
source "$here/common.sh"

work=$(mktemp -d /tmp/failberry-bench.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
mkdir -p "$work/tmp" "$work/classes"

if [[ $build == true ]]; then
    echo "building (mvn -B -q package -DskipTests) ..."
    (cd "$root" && mvn -B -q package -DskipTests >"$work/build.log" 2>&1) || { cat "$work/build.log"; exit 1; }
fi
testkit=$(find "$root/daemon/target" -maxdepth 1 -name 'failberry-daemon-*-tests.jar' 2>/dev/null | head -1)
[[ -r $jar && -r $sim && -n $testkit ]] \
    || { echo "run.sh: $jar, $sim or the daemon's test jar missing (build first or drop --no-build)" >&2; exit 1; }
read_jvm_options "$root/config/jvm.options" "$work/tmp"
javac -d "$work/classes" -cp "$jar:$sim:$testkit" "$here"/java/*.java

cores=$(nproc)
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "FailberryPi bench $started_at  git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $cores cores, $cpu_model; $(java -version 2>&1 | head -1)"
echo "JVM options: ${jvm_opts[*]}"
((${#dropped_opts[@]})) && echo "dropped (paths absent here): ${dropped_opts[*]}"
echo "runs $runs, steady ${steady_seconds}s x $steady_demos demos, load ${load_runs}x${load_seconds}s, quick=$quick"
echo

# ---- class-data archive, as the service makes it -------------------------------------------------
# /usr/bin/failberry has `run` write the archive named in jvm.options when the daemon stops, while none
# exists (first start after install or upgrade), and uses it from the next start on. Same here: one
# demo, connected, stopped with SIGTERM; then start-up and steady state are measured with the archive,
# and one more demo without it gives the first-run figure.
echo "[cds] making the class-data archive the way the service does (run to CONNECTED, SIGTERM) ..."
cds_archive=$work/failberry.jsa
health=$(free_port)
admin=$(free_port)
start_bg cds-dump java "${jvm_opts[@]}" -XX:ArchiveClassesAtExit="$cds_archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$jar" demo --health-port "$health" --admin-port "$admin"
wait_state "$admin" CONNECTED 120 || { echo "archive demo not CONNECTED"; tail -30 "$work/cds-dump.log"; exit 1; }
sleep 10
stop_pid "$last_pid"
if java -Xshare:on -XX:SharedArchiveFile="$cds_archive" -cp "$jar" -version >/dev/null 2>&1; then
    run_opts=("${jvm_opts[@]}" -XX:SharedArchiveFile="$cds_archive")
    cds_mb=$(kb_to_mb $(( $(stat -c %s "$cds_archive") / 1024 )))
    echo "  archive $cds_mb MB"
else
    run_opts=("${jvm_opts[@]}")
    cds_mb=null
    echo "  no usable archive: measuring without one"
fi

# ---- start to first /health answer -------------------------------------------------------------
echo "[start] $runs x (failberry run, HelloServer) ..."
daemon_start=() hello_start=()
for ((i = 1; i <= runs; i++)); do
    port=$(free_port)
    admin=$(free_port)
    conf=$work/run-$i.conf
    mkdir -p "$work/run-$i"
    cat >"$conf" <<EOF
failberry {
  state-dir = "$work/run-$i/state"
  runtime-dir = "$work/run-$i/run"
  modem.port = "$work/run-$i/ttyUSB-absent"
  health { bind = "127.0.0.1", port = $port }
  admin.port = $admin
}
EOF
    t0=$(now_us)
    start_bg "run-$i" java "${run_opts[@]}" -jar "$jar" run --config "$conf"
    pid=$last_pid
    wait_http "$port" 30 || { echo "failberry run did not answer; log:"; cat "$work/run-$i.log"; exit 1; }
    daemon_start+=("$(ms_since "$t0")")
    stop_pid "$pid"

    port=$(free_port)
    t0=$(now_us)
    start_bg "hello-$i" java "${jvm_opts[@]}" -cp "$work/classes" HelloServer "$port"
    pid=$last_pid
    wait_http "$port" 30 || { echo "HelloServer did not answer"; exit 1; }
    hello_start+=("$(ms_since "$t0")")
    stop_pid "$pid"
done
start_ms=$(median "${daemon_start[@]}")
hello_ms=$(median "${hello_start[@]}")
echo "  failberry run: ${daemon_start[*]} ms; HelloServer: ${hello_start[*]} ms"

# ---- steady state: RSS, CPU, threads, classes, heap -------------------------------------------
echo "[steady] $steady_demos demo(s), ${steady_seconds}s connected ..."
demo_pids=() demo_admins=()
for ((i = 1; i <= steady_demos; i++)); do
    health=$(free_port)
    admin=$(free_port)
    start_bg "demo-$i" java "${run_opts[@]}" -jar "$jar" demo --health-port "$health" --admin-port "$admin"
    demo_pids+=("$last_pid")
    demo_admins+=("$admin")
done
health=$(free_port)
first_admin=$(free_port)
start_bg demo-first-run java "${jvm_opts[@]}" -jar "$jar" demo --health-port "$health" --admin-port "$first_admin"
first_pid=$last_pid
wait_state "$first_admin" CONNECTED 120 || { echo "first-run demo not CONNECTED"; exit 1; }
for ((i = 0; i < steady_demos; i++)); do
    wait_state "${demo_admins[i]}" CONNECTED 120 || { echo "demo $((i + 1)) not CONNECTED; log:"; tail -30 "$work/demo-$((i + 1)).log"; exit 1; }
done
ticks0=() ; for p in "${demo_pids[@]}"; do ticks0+=("$(cpu_ticks "$p")"); done
t0=$(now_us)
sleep "$steady_seconds"
wall_ms=$(ms_since "$t0")
rss=() cpu=() threads=() classes=() heap=() meta=() rss_gc=() states=()
for ((i = 0; i < steady_demos; i++)); do
    p=${demo_pids[i]}
    states+=("$(status_state "${demo_admins[i]}")")
    ticks1=$(cpu_ticks "$p")
    cpu+=("$(awk -v d=$((ticks1 - ticks0[i])) -v hz="$(getconf CLK_TCK)" -v w="$wall_ms" 'BEGIN { printf "%.3f", 100 * d / hz / (w / 1000) }')")
    rss+=("$(proc_status_kb "$p" VmRSS)")
    threads+=("$(proc_status_kb "$p" Threads)")   # before jcmd: attaching adds a thread
    classes+=("$(jcmd "$p" VM.classloader_stats | awk '/^Total =/ { print $(NF-2) }')")
    jcmd "$p" GC.run >/dev/null
    info=$(jcmd "$p" GC.heap_info)
    heap+=("$(awk '/generation/ { for (f = 1; f <= NF; f++) if ($f == "used") { sub(/K,?/, "", $(f+1)); s += $(f+1) } } END { print s }' <<<"$info")")
    meta+=("$(awk '/Metaspace/ { for (f = 1; f <= NF; f++) if ($f == "used") { sub(/K,?/, "", $(f+1)); print $(f+1) } }' <<<"$info")")
    rss_gc+=("$(proc_status_kb "$p" VmRSS)")
done
first_rss=$(proc_status_kb "$first_pid" VmRSS)
for p in "${demo_pids[@]}" "$first_pid"; do stop_pid "$p"; done
echo "  state at the end: ${states[*]}; RSS kB ${rss[*]}; CPU % ${cpu[*]}; without the archive: RSS kB $first_rss"
rss_mb=$(kb_to_mb "$(median "${rss[@]}")")
rss_gc_mb=$(kb_to_mb "$(median "${rss_gc[@]}")")
heap_mb=$(kb_to_mb "$(median "${heap[@]}")")
meta_mb=$(kb_to_mb "$(median "${meta[@]}")")
cpu_pct=$(median "${cpu[@]}")
threads_n=$(median "${threads[@]}")
classes_n=$(median "${classes[@]}")

# ---- /health under load ------------------------------------------------------------------------
if command -v taskset >/dev/null && ((cores >= 2)); then
    pin_server=(taskset -c 0) pin_load=(taskset -c 1) pinning="server on core 0, load generator on core 1"
else
    pin_server=() pin_load=() pinning="not pinned (taskset missing or one core)"
fi
if command -v wrk >/dev/null; then loader=wrk; else loader="java LoadGen (wrk not installed)"; fi
echo "[load] $load_runs x ${load_seconds}s, $load_connections connections, $loader, $pinning ..."
health=$(free_port)
admin=$(free_port)
start_bg load-demo "${pin_server[@]}" java "${run_opts[@]}" -jar "$jar" demo --health-port "$health" --admin-port "$admin"
load_demo=$last_pid
wait_state "$admin" CONNECTED 120 || { echo "load demo not CONNECTED"; exit 1; }
nginx_port=
if command -v nginx >/dev/null; then
    nginx_port=$(free_port)
    start_nginx "$nginx_port"
    wait_http "$nginx_port" 10 || { echo "nginx did not start:"; cat "$work/nginx.log"; nginx_port=; }
fi
load_run "$health" /health 2 >/dev/null                      # warm-up, not counted
[[ -n $nginx_port ]] && load_run "$nginx_port" / 2 >/dev/null
d_rps=() d_p99=() n_rps=() n_p99=() d_err=0
for ((i = 1; i <= load_runs; i++)); do
    read -r rps p99 err < <(load_run "$health" /health "$load_seconds")
    d_rps+=("$rps") d_p99+=("$p99") d_err=$((d_err + err))
    if [[ -n $nginx_port ]]; then
        read -r rps p99 err < <(load_run "$nginx_port" / "$load_seconds")
        n_rps+=("$rps") n_p99+=("$p99")
    fi
done
stop_pid "$load_demo"
[[ -n $nginx_port ]] && stop_pid "$nginx_pid"
health_rps=$(median "${d_rps[@]}")
health_p99=$(median "${d_p99[@]}")
echo "  daemon rps ${d_rps[*]} p99 ms ${d_p99[*]} (errors $d_err)"
if [[ -n $nginx_port ]]; then
    nginx_rps=$(median "${n_rps[@]}")
    nginx_p99=$(median "${n_p99[@]}")
    echo "  nginx  rps ${n_rps[*]} p99 ms ${n_p99[*]}"
else
    nginx_rps='' nginx_p99=''
    echo "  nginx: skipped: nginx not installed"
fi

# ---- IP change -> UPSERT -----------------------------------------------------------------------
echo "[dns] $dns_changes changes with the AWS helper process running, $dns_cold with a new one each, $dns_changes in-daemon ..."
dns_out=$(java "${jvm_opts[@]}" -cp "$jar:$sim:$testkit:$work/classes" DnsLatency "$dns_changes" helper "$dns_cold" 2>/dev/null)
dns_warm_line=$(grep '^helper_warm ' <<<"$dns_out")
dns_cold_line=$(grep '^helper_cold ' <<<"$dns_out")
dns_in_line=$(java "${jvm_opts[@]}" -cp "$jar:$sim:$testkit:$work/classes" DnsLatency "$dns_changes" in-process 2>/dev/null | grep '^changes ')
dns_ms=$(field median_ms "$dns_warm_line")
dns_first_ms=$(field first_ms "$dns_warm_line")
dns_cold_ms=$(field median_ms "$dns_cold_line")
dns_in_ms=$(field median_ms "$dns_in_line")
dns_in_first_ms=$(field first_ms "$dns_in_line")
echo "  $dns_warm_line"
echo "  $dns_cold_line"
echo "  in-daemon $dns_in_line"

# ---- modem hang -> power cycle, modem back -> CONNECTED ------------------------------------------
echo "[recovery] virtual time, then real time ($hang_runs run(s), each case) ..."
sim_line=$(java "${jvm_opts[@]}" -cp "$jar:$sim:$testkit:$work/classes" RecoveryTiming sim | grep '^controller_')
echo "  $sim_line"
if [[ $quick == true ]]; then real_mode=real-demo; else real_mode=real; fi
java "${jvm_opts[@]}" -cp "$jar:$sim:$testkit:$work/classes" RecoveryTiming "$real_mode" "$hang_runs" >"$work/recovery.log" 2>&1 || true
grep -E '^(timings|error)=' "$work/recovery.log" | sed 's/^/  /'
worst=() best=() back=()
while read -r line; do
    case $(field case "$line") in
        after-poll) worst+=("$(field hang_to_cycle_ms "$line")") ;;
        before-poll) best+=("$(field hang_to_cycle_ms "$line")") ;;
    esac
    back+=("$(field back_to_connected_ms "$line")")
done < <(grep '^timings=' "$work/recovery.log")
real_timings=$(grep -m1 -o 'timings=[a-z]*' "$work/recovery.log" | cut -d= -f2 || true)
hang_worst_ms=$(median "${worst[@]}")
hang_best_ms=$(median "${best[@]}")
back_ms=$(median "${back[@]}")

# ---- sizes ---------------------------------------------------------------------------------------
jar_mb=$(awk -v b="$(stat -c %s "$jar")" 'BEGIN { printf "%.1f", b / 1048576 }')
deb=$(find "$root/dist/target" -maxdepth 1 -name 'failberry_*_all.deb' | head -1)
if [[ -n $deb ]]; then deb_mb=$(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.1f", b / 1048576 }'); else deb_mb=; fi

# ---- table and JSON ------------------------------------------------------------------------------
sim_best_s=$(awk -v v="$(field best_ms "$sim_line")" 'BEGIN { print v / 1000 }')
sim_worst_s=$(awk -v v="$(field worst_ms "$sim_line")" 'BEGIN { print v / 1000 }')
echo
echo "FailberryPi bench, $started_at, $cores cores ($cpu_model)"
row "figure" "value" "peer" "ratio" "target" "verdict"
row "------" "-----" "----" "-----" "------" "-------"
row "start -> first /health (run)" "$start_ms ms" "hello $hello_ms ms" "$(ratio "$start_ms" "$hello_ms")x" "<= 1500 ms" "$(verdict "$start_ms" le 1500)"
row "RSS, demo connected ${steady_seconds}s" "$rss_mb MB" "" "" "<= 64 MB" "$(verdict "$rss_mb" le 64)"
row "RSS after full GC" "$rss_gc_mb MB" "" "" "" ""
row "RSS, first run (no archive yet)" "$(kb_to_mb "$first_rss") MB" "" "" "" ""
row "heap used after full GC" "$heap_mb MB" "" "" "" ""
row "metaspace used" "$meta_mb MB" "" "" "" ""
row "threads" "$threads_n" "" "" "" ""
row "classes loaded" "$classes_n" "" "" "" ""
row "idle CPU over ${steady_seconds}s" "$cpu_pct %" "" "" "<= 0.5 %" "$(verdict "$cpu_pct" le 0.5)"
if [[ -n $nginx_port ]]; then
    row "/health req/s (1 core)" "$health_rps" "nginx $nginx_rps" "$(ratio "$health_rps" "$nginx_rps")x" ">= 0.5x" "$(verdict "$(ratio "$health_rps" "$nginx_rps")" ge 0.5)"
    row "/health p99" "$health_p99 ms" "nginx $nginx_p99 ms" "" "<= 5 ms" "$(verdict "$health_p99" le 5)"
else
    row "/health req/s (1 core)" "$health_rps" "skipped: nginx not installed" "" ">= 0.5x" "n/a"
    row "/health p99" "$health_p99 ms" "" "" "<= 5 ms" "$(verdict "$health_p99" le 5)"
fi
row "IP change -> UPSERT, helper ready" "$dns_ms ms" "" "" "<= 200 ms" "$(verdict "$dns_ms" le 200)"
row "IP change -> UPSERT, helper cold" "$dns_cold_ms ms" "" "" "" ""
row "AWS helper process RSS (running)" "$(( $(field helper_rss_kb "$dns_warm_line") / 1024 )) MB" "" "" "" ""
row "IP change -> UPSERT, SDK in daemon" "$dns_in_ms ms" "" "" "" ""
row "first UPSERT, SDK in daemon" "$dns_in_first_ms ms" "" "" "" ""
row "hang -> power cycle, sim best" "$sim_best_s s" "" "" "" ""
row "hang -> power cycle, sim worst" "$sim_worst_s s" "" "" "" ""
row "hang -> power cycle, real best" "$(ms_to_s "$hang_best_ms") s" "" "" "($real_timings timings)" ""
row "hang -> power cycle, real worst" "$(ms_to_s "$hang_worst_ms") s" "" "" "($real_timings timings)" ""
row "modem back -> CONNECTED, real" "$(ms_to_s "$back_ms") s" "" "" "" ""
row "jar size" "$jar_mb MB" "" "" "" ""
row "deb size" "${deb_mb:-?} MB" "" "" "" ""
echo "load generator: $loader; $pinning"

mkdir -p "$here/results"
out=$here/results/${started_at//[-:]/}.json   # ISO 8601 basic format, e.g. 20261121T203139Z
cat >"$out" <<EOF
{
  "started_at": "$started_at",
  "git": "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)",
  "machine": { "cores": $cores, "cpu_model": "$cpu_model" },
  "settings": { "quick": $quick, "runs": $runs, "steady_seconds": $steady_seconds, "steady_demos": $steady_demos,
                "load_seconds": $load_seconds, "load_runs": $load_runs, "load_connections": $load_connections,
                "load_generator": "$loader", "pinning": "$pinning", "hang_runs": $hang_runs,
                "recovery_real_timings": "$real_timings", "jvm_options": "${jvm_opts[*]}" },
  "start_ms": { "median": $start_ms, "runs": [$(join , "${daemon_start[@]}")],
                "hello_median": $hello_ms, "hello_runs": [$(join , "${hello_start[@]}")] },
  "steady": { "rss_mb": $rss_mb, "rss_first_run_no_archive_mb": $(kb_to_mb "$first_rss"), "cds_archive_mb": $cds_mb, "rss_kb": [$(join , "${rss[@]}")], "rss_after_gc_mb": $rss_gc_mb,
              "heap_used_after_gc_mb": $heap_mb, "metaspace_used_mb": $meta_mb,
              "threads": $threads_n, "classes_loaded": $classes_n,
              "cpu_percent": $cpu_pct, "cpu_percent_runs": [$(join , "${cpu[@]}")] },
  "load": { "health_rps": $health_rps, "health_p99_ms": $health_p99, "health_errors": $d_err,
            "nginx_rps": ${nginx_rps:-null}, "nginx_p99_ms": ${nginx_p99:-null},
            "ratio": $(if [[ -n $nginx_port ]]; then ratio "$health_rps" "$nginx_rps"; else echo null; fi) },
  "dns_upsert_ms": { "median": $dns_ms, "helper_ready": $dns_ms, "helper_first": $dns_first_ms,
                     "helper_cold": $dns_cold_ms, "helper_rss_kb": $(field helper_rss_kb "$dns_warm_line"), "in_daemon": $dns_in_ms, "in_daemon_first": $dns_in_first_ms },
  "recovery": { "sim_best_s": $sim_best_s, "sim_worst_s": $sim_worst_s,
                "controller_latency_ms": $(field controller_hung_to_cycle_ms "$sim_line"),
                "real_hang_to_cycle_best_ms": ${hang_best_ms:-null}, "real_hang_to_cycle_worst_ms": ${hang_worst_ms:-null},
                "real_back_to_connected_ms": ${back_ms:-null} },
  "sizes_mb": { "jar": $jar_mb, "deb": ${deb_mb:-null} }
}
EOF
echo "results: ${out#"$root"/}"
