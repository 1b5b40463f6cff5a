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
#   5. the package's udev rule, sysctl and modules files are in place.
set -uo pipefail
ROOT=${1:?usage: distro-check.sh ROOT [DEB]}
DEB=${2:-$(find "$(dirname "$0")/../../dist/target" -maxdepth 1 -name "failberry_*_all.deb" 2>/dev/null | head -n 1)}
[[ -f $DEB ]] || { echo "no .deb: build it with mvn package or pass its path" >&2; exit 2; }
[[ -x $ROOT/usr/bin/apt-get ]] || { echo "$ROOT is not a Debian root" >&2; exit 2; }
PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -n ${2:-} ]] && printf '%s\n' "$2" | sed 's/^/      /'; }
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

for fs in proc sys dev; do mountpoint -q "$ROOT/$fs" || mount --bind "/$fs" "$ROOT/$fs"; done
trap 'for fs in dev sys proc; do umount "$ROOT/$fs" 2>/dev/null; done' EXIT
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
    pass "apt-get install ./$(basename "$DEB") ($(printf '%s\n' "$out" | grep -oE 'openjdk-[0-9]+-jre-headless' | sort -u | tr '\n' ' '))"
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
rm -f "$ROOT/usr/sbin/policy-rc.d"
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
