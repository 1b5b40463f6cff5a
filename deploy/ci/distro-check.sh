#!/bin/bash
# Installs the .deb into a foreign-architecture Debian root under qemu-user and runs it there: the
# check that the package and install.sh work on the releases Raspberry Pi OS is built on.
#
#   deploy/ci/distro-check.sh ROOT [DEB]
#
# ROOT is a debootstrapped root, e.g. from /work/shared/tools/make-trixieroot.sh (arm64 Debian 13, no
# Java) or make-armroot.sh (armhf Debian 12). Needs root, qemu-user-static and binfmt-support; the
# root is changed (packages installed), so use a scratch copy. Too slow for every CI run (installing
# a JDK under emulation takes minutes): run it by hand after packaging changes.
#
# Checks, each printed as ok/FAIL:
#   1. the packages install.sh would install resolve there (install.sh --root in the chroot, then
#      apt-get --simulate of its package line);
#   2. `apt-get install ./failberry_*.deb` installs the package with its dependencies;
#   3. `failberry --version` runs (the wrapper finds a Java >= 17);
#   4. `failberry check-config` accepts the shipped /etc/failberry/failberry.conf;
#   5. the package's udev rule, sysctl and modules files are in place;
#   6. the JVM the wrapper picks (printed: release, VM, word size) takes every option in
#      /etc/failberry/jvm.options without a warning (`failberry demo --help` gets them all);
#   7. jSerialComm loads its native library for this architecture (armv7hf, armv8_64, ...) and the
#      library's code runs: `failberry modem at --port /dev/null ATI` must fail at the open with
#      ENOTTY (errno 25), which only the native open can report;
#   8. the class-data archive: `failberry run --help` as the service runs it (no archive yet) writes
#      it at exit, the next start puts it in place, and a short command then maps it without a
#      warning; where the JVM cannot make one (no CDS in the build), none is used and nothing warns;
#   9. with failberry-sim.jar next to the .deb (dist/target after mvn package; copied beside the
#      installed jar): `failberry demo` in a private network namespace answers /health with 200, and
#      its JVM sends READY=1 to NOTIFY_SOCKET (sd_notify through JNA's native part for this
#      architecture). Prints the time to the first 200 and the JVM's RSS then (under qemu-user: an
#      emulated figure, qemu's own memory included). FAILBERRY_DEMO_WAIT (seconds, default 600)
#      bounds the wait.
set -uo pipefail
ROOT=${1:?usage: distro-check.sh ROOT [DEB]}
DEB=${2:-$(find "$(dirname "$0")/../../dist/target" -maxdepth 1 -name "failberry_*_all.deb" 2>/dev/null | head -n 1)}
[[ -f $DEB ]] || { echo "no .deb: build it with mvn package or pass its path" >&2; exit 2; }
[[ -x $ROOT/usr/bin/apt-get ]] || { echo "$ROOT is not a Debian root" >&2; exit 2; }
PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -n ${2:-} ]] && printf '%s\n' "$2" | sed 's/^/      /'; }
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

for fs in proc sys dev dev/pts; do mountpoint -q "$ROOT/$fs" || mount --bind "/$fs" "$ROOT/$fs"; done
# /run as on a booted system: a tmpfs, with /run/lock (uucp locks) and /run/failberry (the unit's
# RuntimeDirectory, the JVM's java.io.tmpdir: jSerialComm's library and the demo's scratch go there).
# It matters under qemu-user beyond realism: ext4 hands the emulated 32-bit process (to the host
# kernel a 64-bit one) 64-bit directory offsets, which glibc's 32-bit readdir() refuses with
# EOVERFLOW ("Value too large for defined data type"); a 32-bit kernel, or a 64-bit one serving a
# 32-bit process, gives 32-bit offsets. tmpfs offsets are small.
mountpoint -q "$ROOT/run" || mount -t tmpfs -o mode=755 tmpfs "$ROOT/run"
install -d -m 1777 "$ROOT/run/lock" && install -d -m 755 "$ROOT/run/failberry"
trap 'for fs in run dev/pts dev sys proc; do umount "$ROOT/$fs" 2>/dev/null; done' EXIT
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
# no service starts inside the chroot
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d" && chmod 755 "$ROOT/usr/sbin/policy-rc.d"
cp "$DEB" "$ROOT/tmp/"
cp "$(dirname "$0")/../raspbian/install.sh" "$ROOT/tmp/install.sh"
deb=/tmp/$(basename "$DEB")
# shellcheck disable=SC1091 # the root's own os-release
release=$(. "$ROOT/etc/os-release" && echo "$PRETTY_NAME, $(in_root dpkg --print-architecture)")
echo "root: $ROOT ($release)"

in_root apt-get update -qq >/dev/null 2>&1 || fail "apt-get update"
rm -rf "$ROOT/tmp/scratch" && mkdir -p "$ROOT/tmp/scratch"
out=$(in_root bash /tmp/install.sh --root /tmp/scratch --deb "$deb" 2>&1)
line=$(printf '%s\n' "$out" | grep -o 'apt-get install -y -q --no-install-recommends .*' | head -n 1)
if [[ -n $line ]]; then
    # shellcheck disable=SC2086 # the package names are words
    if sim=$(in_root apt-get install --simulate -q ${line#apt-get install -y -q } 2>&1); then
        pass "install.sh's packages resolve: ${line#apt-get install -y -q --no-install-recommends }"
    else
        fail "install.sh's packages resolve: ${line#*recommends }" "$(printf '%s\n' "$sim" | tail -n 5)"
    fi
else
    fail "install.sh --root names the packages to install" "$out"
fi
if out=$(in_root apt-get install -y -q --no-install-recommends "$deb" 2>&1); then
    java=$(printf '%s\n' "$out" | grep -oE 'openjdk-[0-9]+-jre-headless' | sort -u | paste -sd ' ')
    pass "apt-get install ./$(basename "$DEB") (${java:-a Java runtime was there already})"
else
    fail "apt-get install ./$(basename "$DEB")" "$(printf '%s\n' "$out" | tail -n 10)"
fi
if out=$(in_root failberry --version 2>&1); then pass "failberry --version: $out"; else fail "failberry --version" "$out"; fi
if out=$(in_root failberry check-config --config /etc/failberry/failberry.conf 2>&1); then
    pass "failberry check-config: $(printf '%s\n' "$out" | tail -n 1)"
else
    fail "failberry check-config" "$out"
fi
for f in /usr/lib/udev/rules.d/90-failberry-modem.rules /usr/lib/sysctl.d/90-failberry.conf \
        /usr/lib/modules-load.d/failberry.conf /usr/share/man/man1/failberry.1.gz; do
    if [[ -f $ROOT$f ]]; then pass "installed $f"; else fail "installed $f"; fi
done

# shellcheck disable=SC2016 # expanded in the root
jvm=$(in_root bash -c 'java=$(readlink -f "$(command -v java)") && "$java" -XshowSettings:properties -version 2>&1 |
    sed -n "s/^ *\(java.runtime.version\|java.vm.name\|os.arch\|sun.arch.data.model\) = //p" | tr "\n" " "; echo "($java)"')
echo "JVM: $jvm"
if out=$(in_root failberry demo --help 2>&1) && ! grep -qi 'warning' <<<"$out"; then
    pass "the JVM takes every option in /etc/failberry/jvm.options"
else
    fail "the JVM takes every option in /etc/failberry/jvm.options" "$(grep -i -m 5 'warning\|error\|unrecognized' <<<"$out" || tail -n 5 <<<"$out")"
fi
# Own network namespace (loopback only): no command here may reach or collide with a daemon outside.
isolated() {
    # shellcheck disable=SC2016 # expanded by the inner bash
    unshare --net bash -c 'ip link set lo up && exec chroot "$0" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"' "$ROOT" "$@"
}
out=$(isolated failberry modem at --port /dev/null ATI 2>&1)
if grep -q 'errno 25' <<<"$out"; then
    pass "jSerialComm's native library loads and runs (modem at --port /dev/null: ENOTTY from the native open)"
else
    fail "jSerialComm's native library loads and runs" "$out"
fi
archive=/var/lib/failberry/failberry.jsa
rm -f "$ROOT$archive" "$ROOT$archive".*
first=$(isolated failberry run --help 2>&1) second=$(isolated failberry run --help 2>&1)
third=$(isolated failberry --version 2>&1)
if [[ -s $ROOT$archive && -s $ROOT$archive.jvm ]] && ! grep -qi warning <<<"$second$third"; then
    pass "class-data archive made by run, put in place by the next start, mapped without a warning ($(du -k "$ROOT$archive" | cut -f1) KB)"
elif [[ ! -e $ROOT$archive && ! -e $ROOT$archive.new ]] && ! grep -qi warning <<<"$first$second$third"; then
    pass "class-data archive: this JVM makes none, and nothing warns"
else
    fail "class-data archive" "$(ls -l "$ROOT$archive"* 2>&1; printf '%s\n' "$first" "$second" "$third" | grep -i -m 5 'warning\|error')"
fi

sim=$(dirname "$DEB")/failberry-sim.jar
if [[ -f $sim ]]; then
    cp "$sim" "$ROOT/usr/share/failberry/failberry-sim.jar"
    rm -f "$ROOT/tmp/notify.sock" "$ROOT/tmp/notify.log" "$ROOT/tmp/demo.log"
    # sd_notify's receiver (as systemd's): a datagram socket, read with the host's perl
    perl -MSocket -e 'socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die; bind($s, pack_sockaddr_un($ARGV[0])) or die "bind: $!";
        $| = 1; while (defined(recv($s, my $m, 4096, 0))) { print "$m\n" }' "$ROOT/tmp/notify.sock" >"$ROOT/tmp/notify.log" 2>&1 &
    receiver=$!
    # The demo, then curl until /health says 200, in one private network namespace: the demo's fixed
    # ports cannot collide with anything outside. Prints "ms rss_kb" of the first 200, or the reason.
    # shellcheck disable=SC2016 # expanded by the inner bash
    result=$(unshare --net bash -c '
        ip link set lo up
        start=$(date +%s%N)
        chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 NOTIFY_SOCKET=/tmp/notify.sock \
            failberry demo --health-port 19000 --admin-port 19001 >"$1/tmp/demo.log" 2>&1 &
        demo=$!
        code=none first=none
        while ((SECONDS < $2)); do
            code=$(curl -s -o /dev/null -m 5 -w "%{http_code}" http://127.0.0.1:19000/health)
            [[ $first == none && $code != 000 ]] && first=$((($(date +%s%N) - start) / 1000000))
            [[ $code == 200 ]] && break
            kill -0 $demo 2>/dev/null || break
            sleep 1
        done
        ms=$((($(date +%s%N) - start) / 1000000))
        rss=$(awk "/^VmRSS/ { print \$2 }" /proc/$demo/status 2>/dev/null)
        kill -TERM $demo 2>/dev/null
        wait $demo
        echo "$code $ms ${rss:-?} $? $first"' _ "$ROOT" "${FAILBERRY_DEMO_WAIT:-600}")
    kill "$receiver" 2>/dev/null
    read -r code ms rss status first <<<"$result"
    if [[ $code == 200 ]]; then
        pass "demo: first /health answer after $first ms, 200 after $ms ms, daemon JVM RSS $((${rss/\?/0} / 1024)) MB (under qemu-user: emulated); stopped with status $status"
    else
        fail "demo: /health 200 (first answer after ${first:-?} ms; the last, after $ms ms: $code)" "$(tail -n 15 "$ROOT/tmp/demo.log")"
    fi
    if grep -q '^READY=1' "$ROOT/tmp/notify.log"; then
        pass "sd_notify through JNA: READY=1 received"
    else
        fail "sd_notify through JNA: READY=1 received" "$(cat "$ROOT/tmp/notify.log"; grep -i -m 3 'systemd' "$ROOT/tmp/demo.log")"
    fi
    rm -f "$ROOT/usr/share/failberry/failberry-sim.jar"
else
    echo "demo: skipped: no failberry-sim.jar next to $DEB"
fi
rm -f "$ROOT/usr/sbin/policy-rc.d"
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
