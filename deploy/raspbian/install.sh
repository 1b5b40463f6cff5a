#!/bin/bash
# FailberryPi host setup for Raspberry Pi OS (Debian 12 Bookworm or Debian 13 Trixie; armhf or arm64).
#
#   sudo ./install.sh [options]          install or update; safe to run again
#   sudo ./install.sh --uninstall        remove what it installed (--purge: also config and state)
#
# It installs the packages FailberryPi needs, the failberry .deb (which brings the udev rule naming
# the modem's ports and keeping ModemManager off them, IP forwarding and the PPP modules), optionally
# the hung-task panic and the hardware watchdog, and enables failberry.service. The .deb alone gives
# a working service; this script adds the choices. The firewall (nftables table inet failberry) and
# the reply routing rules are the daemon's: it renders them from /etc/failberry/failberry.conf
# (firewall.*, routing.*, wired.*) and loads them itself; this script installs nft and ip.
#
# The options describe the desired state: a run without --with-watchdog removes a watchdog
# setting an earlier run with --with-watchdog added. Files it writes start with a "Managed by
# FailberryPi install.sh" line; a file at one of its paths without that line is never touched.
# /etc/failberry/failberry.conf is never overwritten (dpkg keeps your version; a newer example
# lands next to it as failberry.conf.dpkg-dist).
#
# Test mode: --root DIR writes everything under DIR instead of /, runs no system command (apt,
# dpkg, systemctl, sysctl, udevadm) and prints what it would run. The package's files are
# extracted into DIR with dpkg's conffile rule (keep an existing one, new one as .dpkg-dist).
set -euo pipefail

readonly MARKER="# Managed by FailberryPi install.sh (re-run it to change this file; --uninstall removes it)."
readonly PACKAGES=(ppp uhubctl usb-modeswitch nftables iproute2)
# A Java 17 or later runtime: the first of these the package lists offer (Debian 12 has 17; Debian 13,
# on which Raspberry Pi OS is based since late 2025, has no 17 but 21 and 25). None is installed when
# a runtime >= 17 is there already.
readonly JAVA_PACKAGES=(openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless)

# Written by install.sh before the package shipped them itself (/usr/lib/udev/rules.d,
# /usr/lib/sysctl.d): removed if this script wrote them, since a file in /etc hides the package's.
readonly UDEV_RULE=/etc/udev/rules.d/90-failberry-modem.rules
# Written by install.sh up to version 0.1 (the firewall rendered from a template); removed on sight.
readonly LEGACY_NFT_RULES=/etc/failberry/failberry.nft
readonly LEGACY_FIREWALL_UNIT=failberry-firewall.service
readonly SYSCTL_FORWARD=/etc/sysctl.d/90-failberry.conf
readonly SYSCTL_PANIC=/etc/sysctl.d/91-failberry-hung-task-panic.conf
readonly WATCHDOG_DROPIN=/etc/systemd/system.conf.d/90-failberry-watchdog.conf
readonly CONF=/etc/failberry/failberry.conf
readonly CONF_EXAMPLE=/usr/share/doc/failberry/examples/failberry.conf
# Test mode only: what the emulated dpkg installed (same place and format as dpkg's own lists).
readonly TEST_LIST=/var/lib/dpkg/info/failberry.list
readonly TEST_CONFFILES=/var/lib/dpkg/info/failberry.conffiles

ROOT=""
TEST=false
UNINSTALL=false
PURGE=false
WITH_PANIC=false
WITH_WATCHDOG=false
DEB=""
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CHANGES=0
CHANGED=false   # set by put_file / remove_managed: did the last call change the file?

usage() {
    cat <<'EOF'
Usage: install.sh [options]
  --deb PATH               the failberry_<version>_all.deb to install (default: the newest one
                           next to this script, in ../../dist/target/ or in the current directory;
                           none needed if the package is already installed)
  --with-hung-task-panic   reboot when a task hangs in the kernel for 120 s (kernel.hung_task_panic=1,
                           kernel.panic=5); beware of slow SD cards, see the documentation
  --with-watchdog          let the Pi's hardware watchdog reboot a hung system (RuntimeWatchdogSec=14)
  --uninstall              remove the package (config kept) and everything this script installed
  --purge                  with --uninstall: also remove /etc/failberry and /var/lib/failberry
  --root DIR               test mode: write under DIR, run no system command, print them instead
  -h, --help               this text
EOF
}

die() { printf 'install.sh: %s\n' "$*" >&2; exit 2; }
say() { printf '%s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

# Runs a system command, or prints it in test mode.
run() {
    if $TEST; then
        printf 'would run:'; printf ' %q' "$@"; printf '\n'
    else
        printf '+'; printf ' %q' "$@"; printf '\n'
        "$@"
    fi
}

is_managed() { [[ -f $1 ]] && grep -qxF "$MARKER" "$1"; }

# put_file DEST MODE < content: writes ROOT/DEST when its content or mode differs. Sets CHANGED.
put_file() {
    local dest=$1 mode=$2 path=$ROOT$1 tmp
    CHANGED=false
    tmp=$(mktemp)
    cat >"$tmp"
    if [[ -e $path ]] && ! is_managed "$path"; then
        warn "kept $dest: it exists and was not written by install.sh"
        rm -f "$tmp"
        return 0
    fi
    if [[ -f $path ]] && cmp -s "$tmp" "$path" && [[ $(stat -c %a "$path") == "$mode" ]]; then
        rm -f "$tmp"
        say "unchanged $dest"
        return 0
    fi
    mkdir -p "$(dirname "$path")"
    install -m "$mode" "$tmp" "$path"
    rm -f "$tmp"
    CHANGED=true
    CHANGES=$((CHANGES + 1))
    say "wrote     $dest"
}

# remove_managed DEST: removes ROOT/DEST if install.sh wrote it. Sets CHANGED.
remove_managed() {
    local dest=$1 path=$ROOT$1
    CHANGED=false
    [[ -e $path ]] || return 0
    if ! is_managed "$path"; then
        warn "kept $dest: it was not written by install.sh"
        return 0
    fi
    rm -f "$path"
    CHANGED=true
    CHANGES=$((CHANGES + 1))
    say "removed   $dest"
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
            --deb) [[ $# -ge 2 ]] || die "--deb needs a path"; DEB=$2; shift ;;
            --lan-if) die "--lan-if is gone: the daemon's firewall uses wired.interface in $CONF" ;;
            --health-port) die "--health-port is gone: the daemon's firewall opens health.port from $CONF" ;;
            --no-firewall) die "--no-firewall is gone: set firewall.manage = false in $CONF" ;;
            --with-hung-task-panic) WITH_PANIC=true ;;
            --with-watchdog) WITH_WATCHDOG=true ;;
            --uninstall) UNINSTALL=true ;;
            --purge) PURGE=true ;;
            --root) [[ $# -ge 2 ]] || die "--root needs a directory"; ROOT=$2; TEST=true; shift ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; die "unknown option: $1" ;;
        esac
        shift
    done
    if $PURGE && ! $UNINSTALL; then die "--purge only goes with --uninstall"; fi
    if $TEST; then
        [[ -d $ROOT ]] || die "--root: no such directory: $ROOT"
        ROOT=$(cd "$ROOT" && pwd)
        [[ $ROOT != / ]] || die "--root / is not a test root; run without --root instead"
        say "TEST MODE: writing under $ROOT, running no system command"
    elif [[ $EUID -ne 0 ]]; then
        die "run as root (sudo), or use --root DIR for a test run"
    fi
}

# --- package -------------------------------------------------------------------------------------

find_deb() {
    local candidate best=""
    if [[ -n $DEB ]]; then
        [[ -f $DEB ]] || die "--deb: no such file: $DEB"
        printf '%s\n' "$DEB"
        return
    fi
    for candidate in "$SCRIPT_DIR"/failberry_*_all.deb "$SCRIPT_DIR"/../../dist/target/failberry_*_all.deb \
            ./failberry_*_all.deb; do
        [[ -f $candidate ]] || continue
        if [[ -z $best ]] || dpkg --compare-versions "$(deb_version "$candidate")" gt "$(deb_version "$best")"; then
            best=$candidate
        fi
    done
    printf '%s\n' "$best"
}

deb_version() { dpkg-deb -f "$1" Version; }

# The installed failberry version, or nothing.
installed_version() {
    if $TEST; then
        cat "$ROOT/var/lib/dpkg/info/failberry.version" 2>/dev/null || true
    else
        dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' failberry 2>/dev/null \
            | awk '$1 == "ii" { print $2 }'
    fi
}

# True when the package was removed but its conffiles are still there (dpkg state "rc").
only_config_left() {
    if $TEST; then
        [[ -f $ROOT$TEST_LIST && ! -f $ROOT/var/lib/dpkg/info/failberry.version ]]
    else
        dpkg-query -W -f='${db:Status-Abbrev}' failberry 2>/dev/null | grep -q '^rc'
    fi
}

# True when a Java runtime >= 17 is installed (its release file says so).
have_java17() {
    local release major
    for release in "$ROOT"/usr/lib/jvm/*/release; do
        [[ -f $release ]] || continue
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
        [[ -n $major ]] && ((major >= 17)) && return 0
    done
    return 1
}

# The first of JAVA_PACKAGES that apt can install here (apt-cache only reads the package lists).
java_package() {
    local pkg candidate
    for pkg in "${JAVA_PACKAGES[@]}"; do
        candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2; exit }')
        if [[ -n $candidate && $candidate != "(none)" ]]; then
            printf '%s\n' "$pkg"
            return
        fi
    done
}

install_packages() {
    local -a wanted=("${PACKAGES[@]}") missing=()
    local pkg java
    if $TEST; then
        missing=("${wanted[@]}")
    else
        for pkg in "${wanted[@]}"; do
            dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
        done
    fi
    if ! have_java17; then
        # The lists may be old or empty on a fresh image: read them after an update.
        run env DEBIAN_FRONTEND=noninteractive apt-get update -q
        java=$(java_package)
        [[ -n $java ]] || die "no Java 17 or later runtime in the package lists (tried ${JAVA_PACKAGES[*]}): install one, then run this again"
        say "Java runtime: $java"
        missing=("$java" "${missing[@]}")
    elif [[ ${#missing[@]} -gt 0 ]]; then
        run env DEBIAN_FRONTEND=noninteractive apt-get update -q
    fi
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "unchanged packages: ${wanted[*]} (and a Java runtime >= 17)"
        return
    fi
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_deb() {
    local deb version current
    deb=$(find_deb)
    current=$(installed_version)
    if [[ -z $deb ]]; then
        [[ -n $current ]] || die "no failberry_*_all.deb found: build it with 'mvn package' or pass --deb PATH"
        say "unchanged package failberry $current (no .deb given)"
        return
    fi
    version=$(deb_version "$deb")
    if [[ $version == "$current" ]]; then
        say "unchanged package failberry $version"
        return
    fi
    say "installing failberry $version from $deb"
    # confold/confdef: an existing /etc/failberry/failberry.conf (or other conffile) is kept.
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$(realpath "$deb")"
    if $TEST; then emulate_dpkg_install "$deb" "$version"; fi
    CHANGES=$((CHANGES + 1))
}

# Test mode stand-in for dpkg: extract the payload into ROOT; an existing conffile that differs is
# kept and the package's version is written next to it as .dpkg-dist (dpkg --force-confold).
emulate_dpkg_install() {
    local deb=$1 version=$2 tmp rel src dest
    tmp=$(mktemp -d)
    dpkg-deb -x "$deb" "$tmp/data"
    dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$tmp" ./conffiles 2>/dev/null || : >"$tmp/conffiles"
    mkdir -p "$ROOT/var/lib/dpkg/info"
    (cd "$tmp/data" && find . -mindepth 1 | sed 's|^\.||' | sort) >"$ROOT$TEST_LIST"
    cp "$tmp/conffiles" "$ROOT$TEST_CONFFILES"
    printf '%s\n' "$version" >"$ROOT/var/lib/dpkg/info/failberry.version"
    while IFS= read -r rel; do
        src=$tmp/data$rel
        dest=$ROOT$rel
        if [[ -d $src && ! -L $src ]]; then
            mkdir -p "$dest"
        elif grep -qxF "$rel" "$tmp/conffiles" && [[ -e $dest ]] && ! cmp -s "$src" "$dest"; then
            cp -p "$src" "$dest.dpkg-dist"
            say "kept      $rel (the package's version is $rel.dpkg-dist)"
        else
            cp -p "$src" "$dest"
        fi
    done <"$ROOT$TEST_LIST"
    rm -rf "$tmp"
}

# Test mode stand-in for `apt-get remove` (conffiles stay) / `apt-get purge`.
emulate_dpkg_remove() {
    local rel
    [[ -f $ROOT$TEST_LIST ]] || return 0
    # Deepest paths first, so that directories are empty when their turn comes.
    sort -r "$ROOT$TEST_LIST" | while IFS= read -r rel; do
        if grep -qxF "$rel" "$ROOT$TEST_CONFFILES" && ! $PURGE; then continue; fi
        if [[ -d $ROOT$rel && ! -L $ROOT$rel ]]; then
            rmdir "$ROOT$rel" 2>/dev/null || true
        else
            rm -f "$ROOT$rel" "$ROOT$rel.dpkg-dist"
        fi
    done
    if $PURGE; then
        rm -f "$ROOT$TEST_LIST" "$ROOT$TEST_CONFFILES"
        rm -rf "$ROOT/var/lib/failberry"
    else
        # dpkg remembers the conffiles of a removed package: keep only those in the list.
        cp "$ROOT$TEST_CONFFILES" "$ROOT$TEST_LIST"
    fi
    rm -f "$ROOT/var/lib/dpkg/info/failberry.version"
}

# --- host settings ---------------------------------------------------------------------------------

# The package ships the udev rule and the IP forwarding sysctl; copies that earlier versions of this
# script wrote in /etc would hide later versions of them.
remove_old_copies() {
    remove_managed "$UDEV_RULE"
    if $CHANGED; then
        run udevadm control --reload-rules
        run udevadm trigger --action=add --subsystem-match=tty
    fi
    remove_managed "$SYSCTL_FORWARD"
}

install_sysctl() {
    if $WITH_PANIC; then
        warn "kernel.hung_task_panic=1: a task blocked in the kernel for 120 s reboots the Pi. A slow or worn SD card can block that long under heavy writes and cause reboot loops; use a good card (A1/A2) or an SSD, and drop --with-hung-task-panic if 'task ... blocked for more than 120 seconds' shows up in the journal."
        put_file "$SYSCTL_PANIC" 644 <<EOF
$MARKER
# FailberryPi: a host whose storage or USB stack hangs reboots itself instead of jamming.
# Panic when a task sits in uninterruptible sleep for kernel.hung_task_timeout_secs (120 s)...
kernel.hung_task_panic = 1
# ...and reboot 5 s after any panic.
kernel.panic = 5
EOF
        if $CHANGED; then run sysctl -q -p "$SYSCTL_PANIC"; fi
    else
        remove_managed "$SYSCTL_PANIC"
        if $CHANGED; then run sysctl -q -w kernel.hung_task_panic=0; fi
    fi
}

# Up to version 0.1 this script rendered the firewall from a template into /etc/failberry/failberry.nft
# and failberry-firewall.service loaded it; the daemon owns the table now. Both go; the unit is
# disabled before the new package removes its file (stopping it deletes the table, which the daemon
# loads again when the upgrade restarts it).
remove_legacy_firewall() {
    if ! $TEST && systemctl is-enabled --quiet "$LEGACY_FIREWALL_UNIT" 2>/dev/null; then
        run systemctl disable --now "$LEGACY_FIREWALL_UNIT"
        CHANGES=$((CHANGES + 1))
    fi
    remove_managed "$LEGACY_NFT_RULES"
}

install_watchdog() {
    if $WITH_WATCHDOG; then
        if ! $TEST && [[ ! -e /dev/watchdog ]]; then
            warn "/dev/watchdog does not exist: add dtparam=watchdog=on to /boot/firmware/config.txt and reboot, or the setting has no effect"
        fi
        put_file "$WATCHDOG_DROPIN" 644 <<EOF
$MARKER
# FailberryPi: systemd feeds the Pi's hardware watchdog; if the system hangs so badly that PID 1
# stops running, the watchdog resets the board. The Broadcom watchdog allows at most ~15 s.
[Manager]
RuntimeWatchdogSec=14
# Also guard a reboot that hangs.
RebootWatchdogSec=2min
EOF
    else
        remove_managed "$WATCHDOG_DROPIN"
    fi
    if $CHANGED; then run systemctl daemon-reexec; fi
}

enable_service() {
    if $TEST || ! systemctl is-enabled --quiet failberry.service; then
        run systemctl enable failberry.service
    else
        say "unchanged failberry.service enabled"
    fi
    if [[ -f $ROOT$CONF_EXAMPLE ]] && cmp -s "$ROOT$CONF" "$ROOT$CONF_EXAMPLE"; then
        say ""
        say "Next (docs: /usr/share/doc/failberry/install-raspberry-pi.md):"
        say "  1. sudo nano $CONF       APN, usb-power for your Pi model, DNS record and hosted zone"
        say "  2. sudo failberry check-config"
        say "  3. AWS key for the Pi:  sudo install -m 600 /dev/null /etc/failberry/aws-credentials && sudo nano /etc/failberry/aws-credentials"
        say "  4. once: failberry route53 setup --dry-run, then failberry route53 setup (credentials for iam-policy-setup.json)"
        say "  5. on the router: forward TCP 9000 (health.port) to this Pi; the wired record follows the router's DDNS"
        say "  6. sudo systemctl start failberry && journalctl -u failberry -f"
        say "  7. failberry status; curl -i http://127.0.0.1:9000/health"
    elif $TEST || ! systemctl is-active --quiet failberry.service; then
        run systemctl start failberry.service
    fi
}

# --- main ------------------------------------------------------------------------------------------

do_install() {
    install_packages
    remove_legacy_firewall
    install_deb
    remove_old_copies
    install_sysctl
    install_watchdog
    enable_service
    say "done: $CHANGES change(s)"
}

do_uninstall() {
    if $TEST; then
        run systemctl disable --now failberry.service
    elif [[ -e /lib/systemd/system/failberry.service ]]; then
        run systemctl disable --now failberry.service
    fi
    remove_legacy_firewall
    remove_managed "$UDEV_RULE"
    if $CHANGED; then run udevadm control --reload-rules; fi
    # ip_forward stays on until the next boot: the Pi may route for other reasons too.
    remove_managed "$SYSCTL_FORWARD"
    remove_managed "$SYSCTL_PANIC"
    remove_managed "$WATCHDOG_DROPIN"
    if $CHANGED; then run systemctl daemon-reexec; fi
    if [[ -n $(installed_version) ]] || { $PURGE && only_config_left; }; then
        if $PURGE; then
            run env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q failberry
        else
            run env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q failberry
        fi
        if $TEST; then emulate_dpkg_remove; fi
        CHANGES=$((CHANGES + 1))
    fi
    say "done: $CHANGES change(s)"
    say "Left installed: the Java runtime, ${PACKAGES[*]} (other software may use them)."
    if ! $PURGE; then say "Kept: /etc/failberry (remove it with --uninstall --purge)."; fi
}

main() {
    parse_args "$@"
    if $UNINSTALL; then do_uninstall; else do_install; fi
}

main "$@"
