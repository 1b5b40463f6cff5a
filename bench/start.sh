#!/usr/bin/env bash
# bench/start.sh: `failberry run` start -> first /health answer, for one or more jars side by side
# (e.g. a build of main and one of a branch), with and without the class-data archive, against the
# JDK HttpServer hello-world (bench/java/HelloServer.java) with the same JVM options.
#
#   bench/start.sh [--runs N] [JAR ...]        (default: dist/target/failberry.jar; runs 7)
#
# The same measurement as the "start" rows of bench/run.sh (the shipped JVM options minus absent paths,
# a config with the modem absent so the answer is 503, /health polled every 5 ms over bash's /dev/tcp),
# without the rest of the bench. Each jar gets its own archive, made as the service makes it (a `run`
# with the same configuration, stopped with SIGTERM). Runs are interleaved (jar 1 with archive, jar 1 without,
# jar 2 ..., hello), so a load change on a shared machine hits every figure alike. Prints the runs, the
# medians and each median's ratio to the hello-world; also the CPU time (user + system, all threads)
# each process had used when it answered, which a loaded machine changes far less than the wall time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=7
jars=()
while (($#)); do
    case $1 in
        --runs) runs=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) jars+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")") ;;
    esac
    shift
done
((${#jars[@]})) || jars=("$root/dist/target/failberry.jar")

# shellcheck source=bench/common.sh
source "$here/common.sh"
work=$(mktemp -d /tmp/failberry-start.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
mkdir -p "$work/tmp" "$work/classes"
read_jvm_options "$root/config/jvm.options" "$work/tmp"
javac -d "$work/classes" "$here/java/HelloServer.java"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM options: ${jvm_opts[*]}"

archives=()
for j in "${!jars[@]}"; do
    archives+=("$work/archive-$j.jsa")
done

# CPU time (user + system, all threads) of a process so far, in ms: unlike the wall time it hardly
# depends on what else the machine runs
cpu_ms() {
    echo $(($(cpu_ticks "$1") * 1000 / $(getconf CLK_TCK)))
}

# one `failberry run` to its first answer; prints "WALL_MS/CPU_MS"
start_run() {
    local jar=$1 name=$2 port admin conf pid t0 ms cpu
    shift 2
    port=$(free_port)
    admin=$(free_port)
    mkdir -p "$work/$name"
    conf=$work/$name.conf
    cat >"$conf" <<EOF
failberry {
  state-dir = "$work/$name/state"
  runtime-dir = "$work/$name/run"
  modem.port = "$work/$name/ttyUSB-absent"
  health { bind = "127.0.0.1", port = $port }
  admin.port = $admin
}
EOF
    t0=$(now_us)
    start_bg "$name" java "$@" -jar "$jar" run --config "$conf"
    pid=$last_pid
    wait_http "$port" 30 || { echo "failberry run did not answer; log:" >&2; cat "$work/$name.log" >&2; exit 1; }
    ms=$(ms_since "$t0")
    cpu=$(cpu_ms "$pid")
    [[ $name != cds-* ]] || sleep 5
    stop_pid "$pid"
    echo "$ms/$cpu"
}

# Each jar's archive as the service makes it (deploy/bin/failberry): a `failberry run` with
# -XX:ArchiveClassesAtExit, stopped with SIGTERM 5 s after its first answer (the same configuration as the
# measured runs; every class loaded before the listener answers is in it).
for j in "${!jars[@]}"; do
    start_run "${jars[j]}" "cds-$j" "${jvm_opts[@]}" -XX:ArchiveClassesAtExit="${archives[j]}" \
        -Xlog:cds=off -Xlog:cds+dynamic=off >/dev/null
    java -Xshare:on -XX:SharedArchiveFile="${archives[j]}" -cp "${jars[j]}" -version >/dev/null 2>&1 \
        || { echo "the archive of ${jars[j]} is not usable"; exit 1; }
done

declare -A times
for ((i = 1; i <= runs; i++)); do
    for j in "${!jars[@]}"; do
        times[$j,cds]+=" $(start_run "${jars[j]}" "run-$j-cds-$i" "${jvm_opts[@]}" -XX:SharedArchiveFile="${archives[j]}")"
        times[$j,none]+=" $(start_run "${jars[j]}" "run-$j-none-$i" "${jvm_opts[@]}")"
    done
    port=$(free_port)
    t0=$(now_us)
    start_bg "hello-$i" java "${jvm_opts[@]}" -cp "$work/classes" HelloServer "$port"
    pid=$last_pid
    wait_http "$port" 30 || { echo "HelloServer did not answer"; exit 1; }
    times[hello]+=" $(ms_since "$t0")/$(cpu_ms "$pid")"
    stop_pid "$pid"
done

# medians of the wall and of the CPU times in "WALL/CPU WALL/CPU ..."
medians() {
    local wall=() cpu=() x
    for x in "$@"; do wall+=("${x%/*}") cpu+=("${x#*/}"); done
    echo "$(median "${wall[@]}") $(median "${cpu[@]}")"
}

# shellcheck disable=SC2086
read -r hello hello_cpu < <(medians ${times[hello]})
echo "runs as wall ms/CPU ms; ratios to the hello-world's medians"
echo "hello-world (JDK HttpServer): median $hello ms, CPU $hello_cpu ms; runs${times[hello]}"
for j in "${!jars[@]}"; do
    for mode in cds none; do
        # shellcheck disable=SC2086
        read -r m c < <(medians ${times[$j,$mode]})
        label=$([[ $mode == cds ]] && echo "with the archive" || echo "without archive ")
        echo "${jars[j]} $label: median $m ms = $(ratio "$m" "$hello") x, CPU $c ms = $(ratio "$c" "$hello_cpu") x; runs${times[$j,$mode]}"
    done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
