#!/usr/bin/env bash
# bench/soak.sh MINUTES: real-time soak of `failberry demo` with faults injected over the admin API.
#
#   bench/soak.sh MINUTES [--sample-seconds S] [--warmup-seconds S] [--max-growth PCT] [--build]
#
# Starts the demo with the shipped JVM options (config/jvm.options minus the paths absent here, as in
# run.sh), waits until it is CONNECTED, then until MINUTES are over: injects a random fault, waits
# until the daemon is CONNECTED again (up to 15 min), pauses 10-40 s, and so on. Faults that end in a
# USB power cycle (hang, vanish, modem reboot) are injected at most once per 11 minutes, since the
# daemon spaces power cycles 10 min apart by design; the others (drop-carrier, signal, searching or
# denied for a while) in between. RSS (VmRSS) and the thread count are sampled every S seconds
# (default 10) by a background loop.
#
# At the end it reports: RSS and threads, median of the first quarter vs the last quarter of the
# samples taken after the warm-up (default 60 s); faults injected vs recoveries seen (state back to
# CONNECTED after having left it); the ERROR lines in the demo's log. Exits 1 when RSS grew more than
# --max-growth percent (default 10), the thread count grew, a fault was not recovered from, or the
# log has ERROR lines. Uses dist/target/failberry.jar (builds it when missing or with --build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
jar=$root/dist/target/failberry.jar

minutes=${1:-}
[[ $minutes =~ ^[0-9]+$ ]] || { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 2; }
shift
sample_seconds=10
warmup_seconds=60
max_growth=10
build=false
while (($#)); do
    case $1 in
        --sample-seconds) sample_seconds=$2; shift ;;
        --warmup-seconds) warmup_seconds=$2; shift ;;
        --max-growth) max_growth=$2; shift ;;
        --build) build=true ;;
        *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

# shellcheck source=bench/common.sh
source "$here/common.sh"

work=$(mktemp -d /tmp/failberry-soak.XXXXXX)
trap 'stop_all; echo "logs kept in $work"' EXIT
mkdir -p "$work/tmp"
if [[ $build == true || ! -r $jar ]]; then
    (cd "$root" && mvn -B -q package -DskipTests)
fi
read_jvm_options "$root/config/jvm.options" "$work/tmp"

health=$(free_port)
admin=$(free_port)
start_bg demo java "${jvm_opts[@]}" -jar "$jar" demo --health-port "$health" --admin-port "$admin"
demo=$last_pid
wait_state "$admin" CONNECTED 120 || { echo "demo not CONNECTED; log:"; tail -30 "$work/demo.log"; exit 1; }
t_start=$(now_us)
end_us=$((t_start + minutes * 60 * 1000000))
echo "soak: demo pid $demo CONNECTED; ${minutes} min, samples every ${sample_seconds}s, log $work/demo.log"

sampler() {
    while kill -0 "$demo" 2>/dev/null; do
        printf '%s %s %s\n' "$(ms_since "$t_start")" "$(proc_status_kb "$demo" VmRSS)" "$(proc_status_kb "$demo" Threads)"
        sleep "$sample_seconds"
    done
}
sampler >"$work/samples" 2>/dev/null &
started_pids+=("$!")

fault() {
    curl -s -X POST --max-time 5 "http://127.0.0.1:$admin/demo/fault?what=$1${2:+&value=$2}" >/dev/null
}

# Waits SECONDS while watching the state: "left" becomes true when it is not CONNECTED.
hold() {
    local until=$(($(now_us) + $1 * 1000000))
    while (($(now_us) < until)); do
        [[ $(status_state "$admin") != CONNECTED ]] && left=true
        sleep 0.5
    done
}

# Waits until the state is CONNECTED again; "left" tells whether it left CONNECTED meanwhile.
await_recovery() {
    local deadline=$(($(now_us) + 15 * 60 * 1000000)) s
    while (($(now_us) < deadline)); do
        s=$(status_state "$admin")
        if [[ $s != CONNECTED ]]; then
            left=true
        elif [[ $left == true ]]; then
            return 0
        fi
        # a fault the daemon rode out without leaving CONNECTED: give it 30 s to show
        if [[ $left == false && $(ms_since "$fault_at") -gt 30000 && $s == CONNECTED ]]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

soft=(drop-carrier signal searching denied)
power=(hang vanish reboot)
last_power_us=0
injected=0 recovered=0 rode_out=0 not_recovered=0
declare -A by_kind=()
while (($(now_us) < end_us)); do
    if (($(now_us) - last_power_us > 11 * 60 * 1000000)) && ((RANDOM % 2 == 0)); then
        kind=${power[RANDOM % ${#power[@]}]}
        last_power_us=$(now_us)
    else
        kind=${soft[RANDOM % ${#soft[@]}]}
    fi
    fault_at=$(now_us)
    left=false
    case $kind in
        vanish) fault vanish; hold $((5 + RANDOM % 15)); fault reappear ;;
        signal) fault signal $((RANDOM % 31)); hold 5; fault signal 17 ;;
        searching) fault searching; hold $((10 + RANDOM % 50)); fault home ;;
        denied) fault denied; hold $((5 + RANDOM % 40)); fault home ;;
        *) fault "$kind" ;;
    esac
    injected=$((injected + 1))
    by_kind[$kind]=$((${by_kind[$kind]:-0} + 1))
    if await_recovery; then
        if [[ $left == true ]]; then
            recovered=$((recovered + 1))
            echo "  $(($(ms_since "$t_start") / 1000))s $kind: back to CONNECTED after $(($(ms_since "$fault_at") / 1000)) s"
        else
            rode_out=$((rode_out + 1))
            echo "  $(($(ms_since "$t_start") / 1000))s $kind: stayed CONNECTED"
        fi
    else
        not_recovered=$((not_recovered + 1))
        echo "  $(($(ms_since "$t_start") / 1000))s $kind: NOT back to CONNECTED within 15 min (state $(status_state "$admin"))"
    fi
    sleep $((10 + RANDOM % 30))
done
final_state=$(status_state "$admin")
recovery_json=$(curl -s --max-time 2 "http://127.0.0.1:$admin/status" \
    | grep -o -E '"(redials|modem_resets|usb_power_cycles|reboots)":[0-9]+' | tr '\n' ' ' || true)
stop_pid "$demo"
sleep 0.2

# quarters of the samples after the warm-up
mapfile -t kept < <(awk -v w=$((warmup_seconds * 1000)) '$1 >= w && $2 != "" { print $2, $3 }' "$work/samples")
n=${#kept[@]}
if ((n < 8)); then
    echo "soak: only $n samples after the warm-up; run longer or sample more often" >&2
    exit 1
fi
q=$((n / 4))
first_rss=() last_rss=() first_thr=() last_thr=()
for ((i = 0; i < q; i++)); do
    read -r r t <<<"${kept[i]}"; first_rss+=("$r"); first_thr+=("$t")
    read -r r t <<<"${kept[n - q + i]}"; last_rss+=("$r"); last_thr+=("$t")
done
rss_first=$(median "${first_rss[@]}")
rss_last=$(median "${last_rss[@]}")
thr_first=$(median "${first_thr[@]}")
thr_last=$(median "${last_thr[@]}")
rss_max=$(awk 'max < $2 { max = $2 } END { print max }' "$work/samples")
growth=$(awk -v a="$rss_first" -v b="$rss_last" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
errors=$(grep -c '^ERROR' "$work/demo.log" || true)

echo
echo "soak: $minutes min, $n samples after a ${warmup_seconds}s warm-up (every ${sample_seconds}s)"
echo "  RSS      first quarter median $(kb_to_mb "$rss_first") MB, last quarter $(kb_to_mb "$rss_last") MB: growth $growth % (limit $max_growth %); max $(kb_to_mb "$rss_max") MB"
echo "  threads  first quarter median $thr_first, last quarter $thr_last"
kinds=""
for k in "${!by_kind[@]}"; do kinds+="$k=${by_kind[$k]} "; done
echo "  faults   $injected injected (${kinds% }): $recovered recovered (left CONNECTED and came back), $rode_out ridden out, $not_recovered not recovered"
echo "  final    state $final_state; recovery counters: ${recovery_json:-unavailable}"
echo "  log      $errors ERROR line(s)"
grep '^ERROR' "$work/demo.log" | head -10 | sed 's/^/    /' || true

status=0
if awk -v g="$growth" -v m="$max_growth" 'BEGIN { exit !(g > m) }'; then echo "FAIL: RSS grew $growth % after the warm-up"; status=1; fi
if awk -v a="$thr_first" -v b="$thr_last" 'BEGIN { exit !(b > a) }'; then echo "FAIL: threads grew from $thr_first to $thr_last"; status=1; fi
if ((not_recovered > 0)); then echo "FAIL: $not_recovered fault(s) not recovered from"; status=1; fi
if ((errors > 0)); then echo "FAIL: ERROR lines in the log"; status=1; fi
((status == 0)) && echo "soak: OK"
exit "$status"
