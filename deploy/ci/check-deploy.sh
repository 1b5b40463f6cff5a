#!/bin/bash
# Checks of the deploy artifacts, run by CI after `mvn package` (needs the .deb and the jar):
#   - the .deb: file list, ownership, modes, control fields, conffiles, maintainer scripts
#   - the systemd units: `systemd-analyze verify` (when systemd-analyze exists) and the settings
#     whose absence or presence is a known pitfall
#   - shellcheck of every shell script (when shellcheck exists)
#   - /usr/bin/failberry: option selection, overrides, and that the JVM accepts every option
#   - install.sh in test mode against scratch roots: files placed, idempotence, an existing
#     failberry.conf kept, flags added and removed, --uninstall, and no system command run
# Usage: deploy/ci/check-deploy.sh [path/to/failberry_<version>_all.deb]
# Prints one line per check and a closing "N passed, N failed"; exits 1 if any check failed.
# The bash -c '...' _ ARG checks read their arguments as $1, $2 on purpose:
# shellcheck disable=SC2016
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
REPO=$(pwd)
PASSED=0
FAILED=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

pass() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -n ${2:-} ]] && printf '      %s\n' "$2"; }
skip() { printf 'skip  %s\n' "$1"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    local description=$1
    shift
    if "$@" >"$WORK/out" 2>&1; then pass "$description"; else fail "$description" "$(head -c 600 "$WORK/out")"; fi
}
contains() { grep -qF -- "$2" "$1"; }
contains_line() { grep -qxF -- "$2" "$1"; }
not_exists() { [[ ! -e $1 && ! -L $1 ]]; }

# --- the package ---------------------------------------------------------------------------------
DEB=${1:-}
if [[ -z $DEB ]]; then
    shopt -s nullglob
    debs=(dist/target/failberry_*_all.deb)
    shopt -u nullglob
    [[ ${#debs[@]} -eq 1 ]] && DEB=${debs[0]}
fi
if [[ -z $DEB || ! -f $DEB ]]; then
    fail "the .deb exists (dist/target/failberry_<version>_all.deb; run mvn package first)"
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
    exit 1
fi
pass "the .deb exists: $DEB"

dpkg-deb -c "$DEB" | awk '{ sub(/^\./, "", $6); print $1, $2, $6 }' >"$WORK/contents"
check "dpkg-deb -c lists the package" test -s "$WORK/contents"
for path in /usr/share/failberry/failberry.jar /usr/bin/failberry /etc/failberry/failberry.conf \
        /etc/failberry/logback.xml /etc/failberry/jvm.options /lib/systemd/system/failberry.service \
        /usr/lib/modules-load.d/failberry.conf \
        /usr/lib/udev/rules.d/90-failberry-modem.rules /usr/lib/sysctl.d/90-failberry.conf \
        /usr/share/failberry/install.sh /usr/share/doc/failberry/copyright \
        /usr/share/doc/failberry/reference.conf /usr/share/doc/failberry/examples/failberry.conf; do
    check "package contains $path" grep -q " $path\$" "$WORK/contents"
done
for optional in README.md install-raspberry-pi.md; do
    if [[ -f $REPO/$optional || -f $REPO/docs/$optional ]]; then
        check "package contains /usr/share/doc/failberry/$optional" \
            grep -q " /usr/share/doc/failberry/$optional\$" "$WORK/contents"
    fi
done
# The firewall is the daemon's (rendered from failberry.conf): no template, no unit of its own.
for gone in /lib/systemd/system/failberry-firewall.service /usr/share/failberry/nftables/failberry.nft; do
    check "package no longer contains $gone" bash -c '! grep -q " $1\$" "$2"' _ "$gone" "$WORK/contents"
done
if [[ -d $REPO/deploy/aws ]]; then
    check "package contains the deploy/aws examples" grep -q " /usr/share/doc/failberry/aws/." "$WORK/contents"
fi
check "every packaged file and directory is root:root" \
    awk '$2 != "root/root" { print; bad = 1 } END { exit bad }' "$WORK/contents"
check "/usr/bin/failberry is 0755" grep -q '^-rwxr-xr-x root/root /usr/bin/failberry$' "$WORK/contents"
check "failberry.conf: postinst makes it 0640 root:failberry (may hold secrets) with a statoverride" \
    grep -q 'dpkg-statoverride --update --add root failberry 0640 "$CONF"' deploy/debian/control/postinst
for path in /usr/share/man/man1/failberry.1.gz /usr/share/doc/failberry/changelog.gz; do
    check "package contains $path" grep -q " $path\$" "$WORK/contents"
done

field() { dpkg-deb -f "$DEB" "$1"; }
version=$(field Version)
check "Package is failberry" test "$(field Package)" = failberry
check "Architecture is all" test "$(field Architecture)" = all
check "file name carries the version ($version)" test "$(basename "$DEB")" = "failberry_${version}_all.deb"
check "Depends on a Java 17 or later runtime (Debian 12: 17; Debian 13: 21 or 25)" contains <(field Depends) \
    "openjdk-17-jre-headless | openjdk-21-jre-headless | openjdk-25-jre-headless | java17-runtime-headless"
check "Depends on ppp" grep -qE '(^|, )ppp(,|$)' <(field Depends)
check "Recommends uhubctl and usb-modeswitch" \
    bash -c '[[ $1 == *uhubctl* && $1 == *usb-modeswitch* ]]' _ "$(field Recommends)"

mkdir -p "$WORK/control" "$WORK/data"
dpkg-deb -e "$DEB" "$WORK/control"
dpkg-deb -x "$DEB" "$WORK/data"
check "conffiles lists exactly the three /etc/failberry files" diff <(sort "$WORK/control/conffiles") \
    <(printf '%s\n' /etc/failberry/failberry.conf /etc/failberry/jvm.options /etc/failberry/logback.xml)
for script in postinst prerm postrm; do
    check "$script is executable and valid sh" \
        bash -c '[[ -x $1 ]] && sh -n "$1"' _ "$WORK/control/$script"
done
check "postinst creates the system account" contains "$WORK/control/postinst" "adduser --system --group"
check "postinst applies the udev rule, the sysctl and the modules at once" bash -c \
    'grep -q "udevadm trigger" "$1" && grep -q "systemd-sysctl 90-failberry.conf" "$1" && grep -q "modprobe -q -a ppp_generic ppp_async" "$1"' \
    _ "$WORK/control/postinst"
check "the packaged udev rule names both ports and keeps ModemManager off" bash -c \
    'grep -q "SYMLINK+=\"failberry-modem\"" "$1" && grep -q "SYMLINK+=\"failberry-modem-data\"" "$1" && grep -q "ENV{ID_MM_DEVICE_IGNORE}=\"1\"" "$1"' \
    _ "$WORK/data/usr/lib/udev/rules.d/90-failberry-modem.rules"
check "the packaged sysctl turns IP forwarding on" contains_line "$WORK/data/usr/lib/sysctl.d/90-failberry.conf" "net.ipv4.ip_forward = 1"
check "the example config names no device that only a udev rule creates" \
    bash -c '! grep -Eq "^[[:space:]]*(port|data-port)[[:space:]]*=[[:space:]]*\"/dev/failberry-modem" "$1"' _ config/failberry.conf
check "postinst enables the unit via deb-systemd-helper" contains "$WORK/control/postinst" "deb-systemd-helper enable"
check "prerm stops the unit" contains "$WORK/control/prerm" "deb-systemd-invoke stop failberry.service"
check "postrm purge removes the state and the account" \
    bash -c 'grep -q "rm -rf /var/lib/failberry" "$1" && grep -q "deluser --system" "$1"' _ "$WORK/control/postrm"
check "packaged jar is the shaded dist/target/failberry.jar" \
    cmp "$WORK/data/usr/share/failberry/failberry.jar" dist/target/failberry.jar
# The product is the daemon (the Maven module graph keeps the simulators out of it: ARCHITECTURE.md);
# the simulators are dist/target/failberry-sim.jar, for `failberry demo` from a checkout, never packaged.
unzip -Z1 "$WORK/data/usr/share/failberry/failberry.jar" >"$WORK/jar-entries" 2>/dev/null \
    || jar tf "$WORK/data/usr/share/failberry/failberry.jar" >"$WORK/jar-entries"
check "the packaged jar holds the daemon (dev/failberry/cli/Main.class)" grep -qx dev/failberry/cli/Main.class "$WORK/jar-entries"
check "the packaged jar holds no simulator (dev/failberry/sim/) and no test-only time source (VirtualTime)" \
    bash -c '! grep -E "^dev/failberry/sim/|/VirtualTime" "$1"' _ "$WORK/jar-entries"
check "the package holds no simulator jar" bash -c '! grep -q "failberry-sim" "$1"' _ "$WORK/contents"
# As on a Pi: the packaged jar alone, `demo` says what is missing and exits 2 (usage or configuration).
mkdir -p "$WORK/alone"
cp "$WORK/data/usr/share/failberry/failberry.jar" "$WORK/alone/"
check "the packaged jar alone: demo exits 2 saying the simulators are not installed" bash -c \
    'java -Xmx64m -XX:TieredStopAtLevel=1 -jar "$1/failberry.jar" demo --health-port 0 --admin-port 0 >"$1/out" 2>&1; rc=$?
     [[ $rc -eq 2 ]] && grep -q "the demo needs the simulators, which are not installed" "$1/out" && ! grep -q "Exception" "$1/out" || { echo "exit $rc"; cat "$1/out"; false; }' \
    _ "$WORK/alone"
# bench/run.sh compiles bench/java against the built jars only when someone runs it: compile them here, so a
# change to the daemon's API that breaks the bench fails CI instead of the next measurement
if command -v javac >/dev/null; then
    mkdir -p "$WORK/bench-classes"
    check "the bench programs (bench/java) compile against the built jars" bash -c \
        'javac -nowarn -d "$1" -cp "dist/target/failberry.jar:dist/target/failberry-sim.jar:$(ls daemon/target/failberry-daemon-*-tests.jar)" bench/java/*.java' \
        _ "$WORK/bench-classes"
else
    skip "bench programs: javac not installed"
fi
check "packaged failberry.conf is config/failberry.conf" \
    cmp "$WORK/data/etc/failberry/failberry.conf" config/failberry.conf

check "the changelog's newest entry is the package's version" bash -c \
    '[[ $(zcat "$1" | head -n 1) == "failberry ($2) "* ]]' _ "$WORK/data/usr/share/doc/failberry/changelog.gz" "$version"
check "the copyright file names the licence (Apache-2.0, as LICENSE)" bash -c \
    'grep -qx "License: Apache-2.0" "$1" && grep -q "Apache License" LICENSE' _ "$WORK/data/usr/share/doc/failberry/copyright"
check "Maintainer is not a placeholder" bash -c '[[ $1 != *example* && $1 == *@* ]]' _ "$(field Maintainer)"
if command -v man >/dev/null; then
    check "the man page renders without warnings" bash -c \
        'out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$1" 2>&1 >/dev/null); [[ -z $out ]] || { echo "$out"; false; }' \
        _ "$WORK/data/usr/share/man/man1/failberry.1.gz"
else
    skip "man page rendering: man not installed"
fi
if command -v lintian >/dev/null; then
    # Every tag, informational and pedantic ones too; the overrides in deploy/debian/lintian-overrides
    # say why each remaining one is right.
    lintian --info --display-info --pedantic --no-tag-display-limit "$DEB" >"$WORK/lintian" 2>&1
    check "lintian: no tag (errors, warnings, info, pedantic)" \
        bash -c '! grep -E "^[EWIPX]: " "$1" || { cat "$1"; false; }' _ "$WORK/lintian"
else
    skip "lintian: not installed"
fi

# --- systemd units -------------------------------------------------------------------------------
UNIT=deploy/systemd/failberry.service
# section_has FILE SECTION LINE: the exact line appears inside [SECTION].
section_has() {
    awk -v want="[$2]" -v line="$3" '/^\[/ { in_section = ($0 == want) } in_section && $0 == line { found = 1 }
        END { exit !found }' "$1"
}
check "unit: StartLimitIntervalSec in [Unit]" section_has "$UNIT" Unit StartLimitIntervalSec=0
check "unit: Restart=always, RestartSec=5" \
    bash -c 'grep -qx Restart=always "$1" && grep -qx RestartSec=5 "$1"' _ "$UNIT"
check "unit: KillMode=control-group" section_has "$UNIT" Service KillMode=control-group
check "unit: StateDirectory and RuntimeDirectory" \
    bash -c 'grep -qx StateDirectory=failberry "$1" && grep -qx RuntimeDirectory=failberry "$1"' _ "$UNIT"
check "unit: Type=notify with the JVM as the only notifier and a watchdog (Type=notify, NotifyAccess=main, WatchdogSec=60)" \
    bash -c 'grep -qx Type=notify "$1" && grep -qx NotifyAccess=main "$1" && grep -qx WatchdogSec=60 "$1"' _ "$UNIT"
check "unit: a watchdog kill never dumps core (WatchdogSignal=SIGKILL, LimitCORE=0)" \
    bash -c 'grep -qx WatchdogSignal=SIGKILL "$1" && grep -qx LimitCORE=0 "$1"' _ "$UNIT"
check "unit: none of the settings that break pppd, uhubctl or the JIT" \
    bash -c '! grep -Eq "^(PrivateDevices|ProtectKernelTunables|MemoryDenyWriteExecute|ProtectClock|DevicePolicy|DeviceAllow|PrivateNetwork)=" "$1"' _ "$UNIT"
check "unit: no BindsTo= (the daemon must outlive the modem)" bash -c '! grep -q "^BindsTo=" "$1"' _ "$UNIT"
check "unit: runs the wrapper with the packaged config" \
    grep -qx "ExecStart=/usr/bin/failberry run --config /etc/failberry/failberry.conf" "$UNIT"

if command -v systemd-analyze >/dev/null; then
    # verify needs the ExecStart binaries and the units the unit refers to inside --root.
    vroot=$WORK/verify-root
    mkdir -p "$vroot/usr/bin" "$vroot/usr/sbin" "$vroot/etc/systemd/system" "$vroot/lib/systemd"
    cp -a /lib/systemd/system "$vroot/lib/systemd/"
    cp deploy/systemd/*.service "$vroot/etc/systemd/system/"
    printf '#!/bin/sh\n' >"$vroot/usr/bin/failberry"
    chmod 755 "$vroot/usr/bin/failberry"
    # Unknown keys and bad values are only warnings: any output counts as a failure.
    if systemd-analyze verify --root="$vroot" failberry.service >"$WORK/verify" 2>&1 && [[ ! -s $WORK/verify ]]; then
        pass "systemd-analyze verify failberry.service"
    else
        fail "systemd-analyze verify failberry.service" "$(cat "$WORK/verify")"
    fi
else
    skip "systemd-analyze verify: systemd-analyze not installed"
fi

# --- shell scripts -------------------------------------------------------------------------------
if command -v shellcheck >/dev/null; then
    for script in deploy/bin/failberry deploy/raspbian/install.sh deploy/ci/check-deploy.sh deploy/ci/distro-check.sh; do
        check "shellcheck $script" shellcheck "$script"
    done
    for script in deploy/debian/control/postinst deploy/debian/control/prerm deploy/debian/control/postrm; do
        check "shellcheck $script" shellcheck -s sh "$script"
    done
else
    skip "shellcheck: skipped: shellcheck not installed"
fi

# --- /usr/bin/failberry --------------------------------------------------------------------------
fake=$WORK/fakejava
mkdir -p "$fake/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "%%s\\n" "$a"; done\n' >"$fake/bin/java"
chmod 755 "$fake/bin/java"
wrapper() {
    JAVA_HOME=$fake FAILBERRY_JVM_OPTIONS_FILE=config/jvm.options FAILBERRY_JAR=/x/failberry.jar \
        deploy/bin/failberry "$@"
}
wrapper run --config /etc/failberry/failberry.conf >"$WORK/w-run"
wrapper --verbose status --json >"$WORK/w-status"
check "wrapper: run gets every option (heap floor, code cache, OOM exit)" bash -c \
    'grep -qx -- -Xms8m "$1" && grep -qx -- -XX:ReservedCodeCacheSize=16m "$1" && grep -qx -- -XX:+ExitOnOutOfMemoryError "$1"' _ "$WORK/w-run"
check "wrapper: run passes its arguments after -jar JAR" bash -c \
    '[[ $(tail -n 5 "$1" | tr "\n" " ") == "-jar /x/failberry.jar run --config /etc/failberry/failberry.conf " ]]' _ "$WORK/w-run"
check "wrapper: a short command gets the light subset only" bash -c \
    'grep -qx -- -XX:TieredStopAtLevel=1 "$1" && grep -qx -- -Xmx48m "$1" && ! grep -qx -- -Xms8m "$1" && ! grep -q ReservedCodeCacheSize "$1"' _ "$WORK/w-status"
check "wrapper: a short command logs to stderr" grep -qx -- -Dfailberry.log.target=System.err "$WORK/w-status"
check "wrapper: no comment or blank line reaches the JVM" bash -c '! grep -Eq "^(#|$)" "$1"' _ "$WORK/w-run"
check "wrapper: a missing CDS archive and an unwritable tmpdir are left out" bash -c \
    '! grep -q SharedArchiveFile "$1" && { [[ -w /run/failberry ]] || ! grep -q java.io.tmpdir "$1"; }' _ "$WORK/w-run"
touch "$WORK/fresh.jsa"
check "wrapper: FAILBERRY_CDS_DUMP swaps the archive for ArchiveClassesAtExit" bash -c \
    '[[ $(JAVA_HOME=$2 FAILBERRY_CDS_DUMP=/v/a.jsa FAILBERRY_JVM_OPTIONS="-Xmx5m -XX:SharedArchiveFile=$3" FAILBERRY_JAR=/j.jar deploy/bin/failberry demo | tr "\n" " ") == "-Xmx5m -XX:ArchiveClassesAtExit=/v/a.jsa -jar /j.jar demo " ]]' _ "$WORK" "$fake" "$WORK/fresh.jsa"
printf '%s \n' "$(readlink -f "$fake/bin/java")" >"$WORK/fresh.jsa.jvm"
check "wrapper: an archive newer than the jar and made by this JVM is used" bash -c \
    '[[ $(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3" FAILBERRY_JAR=/nonexistent.jar deploy/bin/failberry run | head -n 1) == "-XX:SharedArchiveFile=$3" ]]' _ "$WORK" "$fake" "$WORK/fresh.jsa"
printf '/usr/lib/jvm/java-17-openjdk-arm64/bin/java 1 2\n' >"$WORK/other.jsa.jvm"
touch "$WORK/other.jsa"
check "wrapper: an archive made by another JVM is not used (the JVM would warn at every start)" bash -c \
    '! JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3" FAILBERRY_JAR=/nonexistent.jar deploy/bin/failberry status | grep -q SharedArchiveFile' _ "$WORK" "$fake" "$WORK/other.jsa"
cds=$WORK/cds
mkdir -p "$cds"
reject=$WORK/fakejava-reject
mkdir -p "$reject/bin"
printf '#!/bin/sh\n[ "$1" = -Xshare:on ] && exit 1\nfor a in "$@"; do printf "%%s\\n" "$a"; done\n' >"$reject/bin/java"
chmod 755 "$reject/bin/java"
touch -d '2020-01-01' "$WORK/old.jar"
check "wrapper: run without an archive writes ARCHIVE.new at exit, quietly" bash -c \
    '[[ $(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-Xmx5m -XX:SharedArchiveFile=$3/a.jsa" FAILBERRY_JAR=/j.jar deploy/bin/failberry run | tr "\n" " ") == "-Xmx5m -XX:ArchiveClassesAtExit=$3/a.jsa.new -Xlog:cds=off -Xlog:cds+dynamic=off -jar /j.jar run " ]]' _ "$WORK" "$fake" "$cds"
check "wrapper: short commands and demo never write an archive" bash -c \
    'for c in status demo; do JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3/a.jsa" FAILBERRY_JAR=/j.jar deploy/bin/failberry $c | grep -q ArchiveClassesAtExit && exit 1; done; exit 0' _ "$WORK" "$fake" "$cds"
check "wrapper: no archive is written where the directory is not writable" bash -c \
    '! JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=/nonexistent/a.jsa" FAILBERRY_JAR=/j.jar deploy/bin/failberry run | grep -q ArchiveClassesAtExit' _ "$WORK" "$fake"
check "wrapper: an ARCHIVE.new the JVM maps is renamed into place and used" bash -c \
    'rm -f "$3"/a.jsa*; touch "$3/a.jsa.new"
     out=$(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3/a.jsa" FAILBERRY_JAR=$4 deploy/bin/failberry run | tr "\n" " ")
     [[ $out == "-XX:SharedArchiveFile=$3/a.jsa -jar $4 run " && -e $3/a.jsa && ! -e $3/a.jsa.new && -s $3/a.jsa.jvm ]]' _ "$WORK" "$fake" "$cds" "$WORK/old.jar"
check "wrapper: an ARCHIVE.new the JVM refuses is deleted and made again" bash -c \
    'rm -f "$3"/a.jsa*; touch "$3/a.jsa.new"
     out=$(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3/a.jsa" FAILBERRY_JAR=$4 deploy/bin/failberry run | tr "\n" " ")
     [[ $out == "-XX:ArchiveClassesAtExit=$3/a.jsa.new "* && ! -e $3/a.jsa && ! -e $3/a.jsa.new ]]' _ "$WORK" "$reject" "$cds" "$WORK/old.jar"
check "wrapper: an ARCHIVE.new older than the jar is deleted" bash -c \
    'rm -f "$3"/a.jsa*; touch -d "2019-01-01" "$3/a.jsa.new"
     JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3/a.jsa" FAILBERRY_JAR=$4 deploy/bin/failberry run >/dev/null
     [[ ! -e $3/a.jsa && ! -e $3/a.jsa.new ]]' _ "$WORK" "$fake" "$cds" "$WORK/old.jar"
check "wrapper: FAILBERRY_JVM_OPTIONS replaces the file" bash -c \
    '[[ $(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-Xmx5m -Dk=v" FAILBERRY_JAR=/j.jar deploy/bin/failberry run | tr "\n" " ") == "-Xmx5m -Dk=v -jar /j.jar run " ]]' _ "$WORK" "$fake"
for v in '17.0.8:no' '17.0.9:yes' '17.0.15:yes' '21:yes' '17:no'; do
    printf 'JAVA_VERSION="%s"\n' "${v%%:*}" >"$fake/release"
    check "wrapper: TrimNativeHeapInterval with Java ${v%%:*}: ${v##*:}" bash -c \
        'out=$(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-Xmx5m -XX:TrimNativeHeapInterval=5000" FAILBERRY_JAR=/j.jar deploy/bin/failberry run | tr "\n" " ")
         if [[ $3 == yes ]]; then [[ $out == *TrimNativeHeapInterval* ]]; else [[ $out != *TrimNativeHeapInterval* ]]; fi' _ "$WORK" "$fake" "${v##*:}"
done
for v in '17.0.15:no' '21.0.9:no' '23:yes' '25.0.1:yes'; do
    printf 'JAVA_VERSION="%s"\n' "${v%%:*}" >"$fake/release"
    check "wrapper: --sun-misc-unsafe-memory-access with Java ${v%%:*}: ${v##*:}" bash -c \
        'out=$(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="--sun-misc-unsafe-memory-access=allow" FAILBERRY_JAR=/j.jar deploy/bin/failberry status | tr "\n" " ")
         if [[ $3 == yes ]]; then [[ $out == *unsafe-memory-access* ]]; else [[ $out != *unsafe-memory-access* ]]; fi' _ "$WORK" "$fake" "${v##*:}"
done
rm -f "$fake/release"
# Which runtime the wrapper picks: a fake /usr/lib/jvm and PATH, no JAVA_HOME.
jvms=$WORK/jvms
fakejvm() { # fakejvm DIR VERSION: a runtime that prints its own name
    mkdir -p "$jvms/$1/bin"
    printf 'JAVA_VERSION="%s"\n' "$2" >"$jvms/$1/release"
    printf '#!/bin/sh\necho %s\n' "$1" >"$jvms/$1/bin/java"
    chmod 755 "$jvms/$1/bin/java"
}
fakejvm java-11-openjdk-arm64 11.0.24
fakejvm java-25-openjdk-arm64 25.0.1
fakejvm java-21-openjdk-arm64 21.0.9
ln -s java-21-openjdk-arm64 "$jvms/java-1.21.0-openjdk-arm64"
nopath=$WORK/nopath
mkdir -p "$nopath"
for tool in bash dirname readlink grep cat stat head; do ln -sf "$(command -v $tool)" "$nopath/$tool"; done
pick() { # pick PATH_DIR: the runtime the wrapper runs
    env -u JAVA_HOME PATH="$1" FAILBERRY_JVM_DIR="$jvms" FAILBERRY_JVM_OPTIONS= FAILBERRY_JAR=/j.jar \
        "$REPO/deploy/bin/failberry" status 2>&1
}
check "wrapper: without JAVA_HOME and java on the PATH, the lowest runtime >= 17 (21 before 25)" \
    test "$(pick "$nopath")" = java-21-openjdk-arm64
mkdir -p "$WORK/path25" && cp -a "$nopath/." "$WORK/path25/" && ln -s "$jvms/java-25-openjdk-arm64/bin/java" "$WORK/path25/java"
check "wrapper: java on the PATH (Debian's alternative) when it is >= 17" \
    test "$(pick "$WORK/path25")" = java-25-openjdk-arm64
mkdir -p "$WORK/path11" && cp -a "$nopath/." "$WORK/path11/" && ln -s "$jvms/java-11-openjdk-arm64/bin/java" "$WORK/path11/java"
check "wrapper: java on the PATH older than 17 is passed over" test "$(pick "$WORK/path11")" = java-21-openjdk-arm64
rm -rf "$jvms/java-21-openjdk-arm64" "$jvms/java-25-openjdk-arm64"
pick "$WORK/path11" >"$WORK/nojava"
check "wrapper: no runtime >= 17: exit 2 and one sentence naming the packages" bash -c \
    '[[ $2 -eq 2 ]] && grep -q "^failberry: no Java 17 or later found.*openjdk-21-jre-headless" "$1"' _ "$WORK/nojava" $?
if command -v java >/dev/null || [[ -n ${JAVA_HOME:-} ]]; then
    # A shim that swaps `-jar JAR ARGS` for -version: the real JVM must accept every option.
    shim=$WORK/shim
    mkdir -p "$shim/bin"
    real_java=$(command -v java)
    [[ -n ${JAVA_HOME:-} ]] && real_java=$JAVA_HOME/bin/java
    cat >"$shim/bin/java" <<EOF
#!/bin/bash
opts=()
for a in "\$@"; do [[ \$a == -jar ]] && break; opts+=("\$a"); done
exec "$real_java" "\${opts[@]}" -version
EOF
    chmod 755 "$shim/bin/java"
    check "the JVM accepts every option in config/jvm.options" \
        env JAVA_HOME="$shim" FAILBERRY_JVM_OPTIONS_FILE=config/jvm.options deploy/bin/failberry run
else
    skip "JVM option check: no java"
fi

# --- install.sh in test mode ---------------------------------------------------------------------
# Every command that would change a system is replaced by a stub that records its call: test mode
# must not call any of them.
stubs=$WORK/stubs
calls=$WORK/calls
mkdir -p "$stubs"
: >"$calls"
for command in apt-get apt dpkg-query systemctl sysctl udevadm nft modprobe adduser deluser; do
    printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$command" "$calls" >"$stubs/$command"
    chmod 755 "$stubs/$command"
done
# apt-cache only reads the package lists: its stub answers `policy PKG` with a candidate for the
# packages in $FAKE_APT_CANDIDATES (default: a Debian 12 system, which has OpenJDK 17).
cat >"$stubs/apt-cache" <<'EOF'
#!/bin/sh
[ "$1" = policy ] || exit 0
for want in ${FAKE_APT_CANDIDATES-openjdk-17-jre-headless openjdk-21-jre-headless ppp uhubctl}; do
    if [ "$want" = "$2" ]; then printf '%s:\n  Installed: (none)\n  Candidate: 1.0\n' "$2"; exit 0; fi
done
printf '%s:\n  Installed: (none)\n  Candidate: (none)\n' "$2"
EOF
chmod 755 "$stubs/apt-cache"
install_test() { PATH=$stubs:$PATH deploy/raspbian/install.sh --deb "$DEB" "$@"; }
snapshot() { (cd "$1" && find . -printf '%p %y %m %s %T@\n' | sort && find . -type f -exec sha256sum {} + | sort); }

r1=$WORK/root1
mkdir -p "$r1"
install_test --root "$r1" >"$WORK/i1" 2>&1
check "install.sh --root: exit 0" test $? -eq 0
for path in /usr/share/failberry/failberry.jar /usr/bin/failberry /etc/failberry/failberry.conf \
        /etc/failberry/jvm.options /etc/failberry/logback.xml /lib/systemd/system/failberry.service \
        /usr/lib/udev/rules.d/90-failberry-modem.rules /usr/lib/sysctl.d/90-failberry.conf; do
    check "install.sh placed $path" test -f "$r1$path"
done
check "install.sh: packages would be installed" contains "$WORK/i1" \
    "would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless ppp uhubctl usb-modeswitch nftables iproute2"
check "install.sh: the .deb would be installed keeping existing conffiles" contains "$WORK/i1" "--force-confold"
rt=$WORK/root-trixie
mkdir -p "$rt"
FAKE_APT_CANDIDATES="openjdk-21-jre-headless openjdk-25-jre-headless" install_test --root "$rt" >"$WORK/i-trixie" 2>&1
check "install.sh on Debian 13 (no OpenJDK 17): installs openjdk-21-jre-headless" contains "$WORK/i-trixie" \
    "apt-get install -y -q --no-install-recommends openjdk-21-jre-headless ppp uhubctl usb-modeswitch nftables iproute2"
rj=$WORK/root-java
mkdir -p "$rj/usr/lib/jvm/java-21-openjdk-arm64"
printf 'JAVA_VERSION="21.0.9"\n' >"$rj/usr/lib/jvm/java-21-openjdk-arm64/release"
install_test --root "$rj" >"$WORK/i-java" 2>&1
check "install.sh: no Java package when a Java >= 17 is installed" bash -c \
    'grep -q "apt-get install -y -q --no-install-recommends ppp uhubctl" "$1" && ! grep -q openjdk "$1"' _ "$WORK/i-java"
mkdir -p "$WORK/root-nojava"
FAKE_APT_CANDIDATES="ppp" install_test --root "$WORK/root-nojava" >"$WORK/i-nojava" 2>&1
check "install.sh: no Java >= 17 to be had: exit 2 and says so" bash -c \
    '[[ $2 -eq 2 ]] && grep -q "no Java 17 or later runtime in the package lists" "$1"' _ "$WORK/i-nojava" $?
check "install.sh: the service would be enabled" contains "$WORK/i1" "would run: systemctl enable failberry.service"
check "install.sh: no udev rule or sysctl copy of its own in /etc (the package has them)" bash -c \
    '[[ ! -e $1/etc/udev/rules.d/90-failberry-modem.rules && ! -e $1/etc/sysctl.d/90-failberry.conf ]]' _ "$r1"
check "install.sh: writes no firewall (the daemon renders and loads it)" not_exists "$r1/etc/failberry/failberry.nft"
check "install.sh: no hung-task panic without the flag" not_exists "$r1/etc/sysctl.d/91-failberry-hung-task-panic.conf"
check "install.sh: no watchdog without the flag" not_exists "$r1/etc/systemd/system.conf.d/90-failberry-watchdog.conf"
check "install.sh: the example config is not started; Next: lists every remaining step" bash -c \
    'for step in "sudo nano /etc/failberry/failberry.conf" "failberry check-config" "/etc/failberry/aws-credentials" \
            "failberry route53 setup" "forward TCP 9000" "systemctl start failberry" "failberry status"; do
         grep -qF -- "$step" "$1" || { echo "missing: $step"; exit 1; }; done' _ "$WORK/i1"

snapshot "$r1" >"$WORK/snap1"
install_test --root "$r1" >"$WORK/i2" 2>&1
snapshot "$r1" >"$WORK/snap2"
check "install.sh: a second run changes no file" diff "$WORK/snap1" "$WORK/snap2"
check "install.sh: a second run reports 0 changes" contains "$WORK/i2" "done: 0 change(s)"

install_test --root "$r1" --with-hung-task-panic --with-watchdog >"$WORK/i3" 2>&1
check "install.sh --with-hung-task-panic: panic sysctls" bash -c \
    'grep -qx "kernel.hung_task_panic = 1" "$1" && grep -qx "kernel.panic = 5" "$1"' _ "$r1/etc/sysctl.d/91-failberry-hung-task-panic.conf"
check "install.sh --with-hung-task-panic: warns about SD cards" contains "$WORK/i3" "SD card"
check "install.sh --with-watchdog: RuntimeWatchdogSec=14" \
    contains_line "$r1/etc/systemd/system.conf.d/90-failberry-watchdog.conf" "RuntimeWatchdogSec=14"
check "install.sh --with-watchdog: systemd would re-read its config" contains "$WORK/i3" "would run: systemctl daemon-reexec"

# the firewall file an older install.sh rendered from its template goes; one it did not write stays
{ printf '%s\n' "# Managed by FailberryPi install.sh (re-run it to change this file; --uninstall removes it)."
  printf 'table inet failberry {}\n'; } >"$r1/etc/failberry/failberry.nft"
install_test --root "$r1" >"$WORK/i4" 2>&1
check "install.sh without the flags removes what they added" bash -c \
    '[[ ! -e $1/etc/sysctl.d/91-failberry-hung-task-panic.conf && ! -e $1/etc/systemd/system.conf.d/90-failberry-watchdog.conf ]]' _ "$r1"
check "install.sh removes the firewall file an older version wrote" not_exists "$r1/etc/failberry/failberry.nft"

rold=$WORK/root-old
mkdir -p "$rold/etc/udev/rules.d" "$rold/etc/sysctl.d"
marker=$(grep -m1 '^readonly MARKER=' deploy/raspbian/install.sh | sed 's/^readonly MARKER="//; s/"$//')
printf '%s\n# old copy\n' "$marker" >"$rold/etc/udev/rules.d/90-failberry-modem.rules"
printf '%s\nnet.ipv4.ip_forward = 1\n' "$marker" >"$rold/etc/sysctl.d/90-failberry.conf"
install_test --root "$rold" >"$WORK/i-old" 2>&1
check "install.sh removes the udev rule and sysctl copies an earlier version wrote in /etc" bash -c \
    '[[ ! -e $1/etc/udev/rules.d/90-failberry-modem.rules && ! -e $1/etc/sysctl.d/90-failberry.conf ]] && grep -q "would run: udevadm control --reload-rules" "$2"' \
    _ "$rold" "$WORK/i-old"

r2=$WORK/root2
mkdir -p "$r2/etc/failberry" "$r2/etc/udev/rules.d"
printf 'failberry { modem.apn = "direct" }\n' >"$r2/etc/failberry/failberry.conf"
printf '# my own rule\n' >"$r2/etc/udev/rules.d/90-failberry-modem.rules"
install_test --root "$r2" >"$WORK/i5" 2>&1
check "install.sh keeps an existing failberry.conf" \
    bash -c '[[ $(cat "$1") == "failberry { modem.apn = \"direct\" }" ]]' _ "$r2/etc/failberry/failberry.conf"
check "install.sh puts the new example next to it as .dpkg-dist" \
    cmp "$r2/etc/failberry/failberry.conf.dpkg-dist" config/failberry.conf
check "install.sh starts the daemon when the config was edited" contains "$WORK/i5" "would run: systemctl start failberry.service"
check "install.sh never overwrites a file it did not write" \
    bash -c '[[ $(cat "$1") == "# my own rule" ]] && grep -q "kept /etc/udev/rules.d/90-failberry-modem.rules" "$2"' \
    _ "$r2/etc/udev/rules.d/90-failberry-modem.rules" "$WORK/i5"

install_test --root "$r1" --uninstall >"$WORK/u1" 2>&1
check "install.sh --uninstall: exit 0" test $? -eq 0
check "install.sh --uninstall removes the managed files" bash -c \
    '[[ ! -e $1/etc/udev/rules.d/90-failberry-modem.rules && ! -e $1/etc/sysctl.d/90-failberry.conf ]]' _ "$r1"
check "install.sh --uninstall removes the package files" bash -c \
    '[[ ! -e $1/usr/share/failberry/failberry.jar && ! -e $1/usr/bin/failberry && ! -e $1/lib/systemd/system/failberry.service && ! -e $1/usr/lib/udev/rules.d/90-failberry-modem.rules ]]' _ "$r1"
check "install.sh --uninstall keeps the configuration" test -f "$r1/etc/failberry/failberry.conf"
check "install.sh --uninstall would remove the package" contains "$WORK/u1" "apt-get remove -y -q failberry"
install_test --root "$r1" --uninstall --purge >"$WORK/u2" 2>&1
check "install.sh --uninstall --purge leaves no file behind" \
    bash -c '[[ -z $(find "$1" -type f ! -path "*/var/lib/dpkg/*") ]]' _ "$r1"
check "install.sh --uninstall --purge would purge the package" contains "$WORK/u2" "apt-get purge -y -q failberry"

for bad in "--lan-if eth0" "--health-port 9000" "--no-firewall" "--purge" "--bogus"; do
    # shellcheck disable=SC2086 # the option and its value are two words on purpose
    PATH=$stubs:$PATH deploy/raspbian/install.sh --root "$WORK" $bad >"$WORK/bad" 2>&1
    check "install.sh rejects $bad with exit 2" test $? -eq 2
done
PATH=$stubs:$PATH deploy/raspbian/install.sh --root "$WORK" --lan-if eth0 >"$WORK/bad" 2>&1
check "install.sh names the config key that replaced --lan-if" contains "$WORK/bad" "wired.interface in /etc/failberry/failberry.conf"
PATH=$stubs:$PATH deploy/raspbian/install.sh --root / >"$WORK/bad" 2>&1
check "install.sh refuses --root /" test $? -eq 2

check "test mode ran no system command" bash -c '[[ ! -s $1 ]] || { cat "$1"; false; }' _ "$calls"

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
