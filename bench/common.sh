#!/usr/bin/env bash
# Helpers shared by bench/run.sh and bench/soak.sh (sourced). The sourcing script sets work (a scratch
# directory), pin_server, pin_load and load_connections, and reads nginx_pid.
# shellcheck disable=SC2154,SC2034

started_pids=()
last_pid=

# The shipped JVM options (one per line, '#' comments), minus the ones pointing at paths that do not
# exist here; java.io.tmpdir becomes $2. Sets jvm_opts and dropped_opts.
# Like /usr/bin/failberry, it also drops the options this java does not know (it would not start).
read_jvm_options() {
    local file=$1 tmpdir=$2 line value major
    major=$(java -version 2>&1 | sed -n '1s/[^"]*"\([0-9]*\).*/\1/p')
    jvm_opts=() dropped_opts=()
    while IFS= read -r line || [[ -n $line ]]; do
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        [[ -z $line || $line == \#* ]] && continue
        case $line in
            -Djava.io.tmpdir=*) dropped_opts+=("$line"); continue ;;
            --sun-misc-unsafe-memory-access=*)
                # Java 23 and later; 17 and 21 refuse to start with it
                if ((${major:-0} < 23)); then dropped_opts+=("$line"); continue; fi ;;
            -*=/*)
                value=${line#*=}
                if [[ ! -e $value && ! -d $(dirname "$value") ]] || [[ $line == -XX:SharedArchiveFile=* && ! -e $value ]]; then
                    dropped_opts+=("$line")
                    continue
                fi ;;
        esac
        jvm_opts+=("$line")
    done <"$file"
    jvm_opts+=("-Djava.io.tmpdir=$tmpdir")
}

now_us() {
    local t=${EPOCHREALTIME//[.,]/}
    printf '%s\n' "$t"
}

ms_since() {
    echo $((($(now_us) - $1) / 1000))
}

# Starts "$@" in the background with its output in $work/NAME.log; the pid is in $last_pid.
start_bg() {
    local name=$1
    shift
    "$@" >"$work/$name.log" 2>&1 &
    last_pid=$!
    started_pids+=("$last_pid")
}

# SIGTERM, then SIGKILL after 15 s; waits for the process (only processes this script started).
stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_all() {
    local pid
    for pid in "${started_pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then stop_pid "$pid"; fi
    done
}

# A loopback TCP port nobody listens on (random in 20000-59999).
free_port() {
    local p
    while true; do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
}

# The status line of GET PATH on a loopback port (HTTP/1.0, bash's /dev/tcp: no process per try).
http_status_line() {
    local port=$1 path=$2
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
        IFS= read -r -t 5 line <&3 || exit 1
        printf '%s\n' "${line%$'\r'}"
    ) 2>/dev/null
}

# Waits (polling every 5 ms) until PORT answers any HTTP status line on /health; false after SECONDS.
wait_http() {
    local port=$1 seconds=$2 deadline line
    deadline=$(($(now_us) + seconds * 1000000))
    while (($(now_us) < deadline)); do
        line=$(http_status_line "$port" /health || true)
        [[ $line == HTTP/* ]] && return 0
        sleep 0.005
    done
    return 1
}

# The daemon's state from GET /status on the admin port ("" when unreachable).
status_state() {
    curl -s --max-time 2 "http://127.0.0.1:$1/status" | grep -o '"state":"[A-Z_]*"' | head -1 | cut -d'"' -f4 || true
}

wait_state() {
    local admin=$1 want=$2 seconds=$3 deadline
    deadline=$(($(now_us) + seconds * 1000000))
    while (($(now_us) < deadline)); do
        [[ $(status_state "$admin") == "$want" ]] && return 0
        sleep 0.2
    done
    return 1
}

# utime + stime of a process in clock ticks (fields 14 and 15 of /proc/PID/stat, after the comm).
cpu_ticks() {
    local stat rest
    stat=$(<"/proc/$1/stat")
    rest=${stat##*) }
    awk '{ print $12 + $13 }' <<<"$rest"
}

# A numeric field of /proc/PID/status (VmRSS in kB, Threads).
proc_status_kb() {
    awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"
}

median() {
    if (($# == 0)); then
        echo null
        return
    fi
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

kb_to_mb() {
    awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'
}

ms_to_s() {
    if [[ $1 == null || -z $1 ]]; then echo "n/a"; else awk -v v="$1" 'BEGIN { printf "%.1f", v / 1000 }'; fi
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "null"; else printf "%.2f", a / b }'
}

# verdict VALUE le|ge LIMIT -> "ok" or "MISSED"
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == "le") ? v <= l : v >= l; print ok ? "ok" : "MISSED" }'
}

row() {
    printf '%-34s %-12s %-26s %-7s %-22s %s\n' "$@"
}

# The value of KEY in a line of key=value pairs.
field() {
    tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2; exit }'
}

join() {
    local IFS=$1
    shift
    echo "$*"
}

# nginx `return 200` on a loopback port, one worker process, pinned like the daemon. Sets nginx_pid.
start_nginx() {
    local port=$1 dir=$work/nginx
    mkdir -p "$dir/logs" "$dir/temp"
    cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 "ok\n"; }
    }
}
EOF
    start_bg nginx "${pin_server[@]}" nginx -p "$dir" -c "$dir/nginx.conf"
    nginx_pid=$last_pid
}

# One load run against a loopback port; prints "RPS P99_MS ERRORS".
load_run() {
    local port=$1 path=$2 seconds=$3 out
    if command -v wrk >/dev/null; then
        out=$("${pin_load[@]}" wrk -t1 -c"$load_connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
        awk '
            /Requests\/sec:/ { rps = $2 }
            /^ +99%/ { v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
                       p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
            /Socket errors/ { for (i = 3; i <= NF; i++) { n = $i; gsub(/,/, "", n); if (n ~ /^[0-9]+$/) err += n } }
            /Non-2xx/ { err += $NF }
            END { printf "%.0f %.3f %d\n", rps, p99, err }' <<<"$out"
    else
        out=$("${pin_load[@]}" java -XX:+UseSerialGC -cp "$work/classes" LoadGen 127.0.0.1 "$port" "$path" "$load_connections" "$seconds")
        printf '%s %s %s\n' "$(field rps "$out")" "$(field p99_ms "$out")" "$(field errors "$out")"
    fi
}
