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
    debs=(target/failberry_*_all.deb)
    shopt -u nullglob
    [[ ${#debs[@]} -eq 1 ]] && DEB=${debs[0]}
fi
if [[ -z $DEB || ! -f $DEB ]]; then
    fail "the .deb exists (target/failberry_<version>_all.deb; run mvn package first)"
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
    exit 1
fi
pass "the .deb exists: $DEB"

dpkg-deb -c "$DEB" | awk '{ sub(/^\./, "", $6); print $1, $2, $6 }' >"$WORK/contents"
check "dpkg-deb -c lists the package" test -s "$WORK/contents"
for path in /usr/share/failberry/failberry.jar /usr/bin/failberry /etc/failberry/failberry.conf \
        /etc/failberry/logback.xml /etc/failberry/jvm.options /lib/systemd/system/failberry.service \
        /usr/lib/modules-load.d/failberry.conf /usr/share/failberry/udev/90-failberry-modem.rules \
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
check "failberry.conf is 0640 (may hold secrets)" \
    grep -q '^-rw-r----- root/root /etc/failberry/failberry.conf$' "$WORK/contents"

field() { dpkg-deb -f "$DEB" "$1"; }
version=$(field Version)
check "Package is failberry" test "$(field Package)" = failberry
check "Architecture is all" test "$(field Architecture)" = all
check "file name carries the version ($version)" test "$(basename "$DEB")" = "failberry_${version}_all.deb"
check "Depends on a Java 17 runtime" contains <(field Depends) "openjdk-17-jre-headless | java17-runtime-headless"
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
check "postinst enables the unit via deb-systemd-helper" contains "$WORK/control/postinst" "deb-systemd-helper enable"
check "prerm stops the unit" contains "$WORK/control/prerm" "deb-systemd-invoke stop failberry.service"
check "postrm purge removes the state and the account" \
    bash -c 'grep -q "rm -rf /var/lib/failberry" "$1" && grep -q "deluser --system" "$1"' _ "$WORK/control/postrm"
check "packaged jar is the shaded target/failberry.jar" \
    cmp "$WORK/data/usr/share/failberry/failberry.jar" target/failberry.jar
check "packaged failberry.conf is config/failberry.conf" \
    cmp "$WORK/data/etc/failberry/failberry.conf" config/failberry.conf

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
    for script in deploy/bin/failberry deploy/raspbian/install.sh deploy/ci/check-deploy.sh; do
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
check "wrapper: an archive newer than the jar is used" bash -c \
    '[[ $(JAVA_HOME=$2 FAILBERRY_JVM_OPTIONS="-XX:SharedArchiveFile=$3" FAILBERRY_JAR=/nonexistent.jar deploy/bin/failberry run | head -n 1) == "-XX:SharedArchiveFile=$3" ]]' _ "$WORK" "$fake" "$WORK/fresh.jsa"
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
     [[ $out == "-XX:SharedArchiveFile=$3/a.jsa -jar $4 run " && -e $3/a.jsa && ! -e $3/a.jsa.new ]]' _ "$WORK" "$fake" "$cds" "$WORK/old.jar"
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
rm -f "$fake/release"
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
install_test() { PATH=$stubs:$PATH deploy/raspbian/install.sh --deb "$DEB" "$@"; }
snapshot() { (cd "$1" && find . -printf '%p %y %m %s %T@\n' | sort && find . -type f -exec sha256sum {} + | sort); }

r1=$WORK/root1
mkdir -p "$r1"
install_test --root "$r1" >"$WORK/i1" 2>&1
check "install.sh --root: exit 0" test $? -eq 0
for path in /usr/share/failberry/failberry.jar /usr/bin/failberry /etc/failberry/failberry.conf \
        /etc/failberry/jvm.options /etc/failberry/logback.xml /lib/systemd/system/failberry.service \
        /etc/udev/rules.d/90-failberry-modem.rules /etc/sysctl.d/90-failberry.conf; do
    check "install.sh placed $path" test -f "$r1$path"
done
check "install.sh: packages would be installed" contains "$WORK/i1" \
    "would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless ppp uhubctl usb-modeswitch nftables iproute2"
check "install.sh: the .deb would be installed keeping existing conffiles" contains "$WORK/i1" "--force-confold"
check "install.sh: the service would be enabled" contains "$WORK/i1" "would run: systemctl enable failberry.service"
check "install.sh: udev rule names both ports and keeps ModemManager off" bash -c \
    'grep -q "SYMLINK+=\"failberry-modem\"" "$1" && grep -q "SYMLINK+=\"failberry-modem-data\"" "$1" && grep -q "ENV{ID_MM_DEVICE_IGNORE}=\"1\"" "$1"' \
    _ "$r1/etc/udev/rules.d/90-failberry-modem.rules"
check "install.sh: IP forwarding on" contains_line "$r1/etc/sysctl.d/90-failberry.conf" "net.ipv4.ip_forward = 1"
check "install.sh: writes no firewall (the daemon renders and loads it)" not_exists "$r1/etc/failberry/failberry.nft"
check "install.sh: no hung-task panic without the flag" not_exists "$r1/etc/sysctl.d/91-failberry-hung-task-panic.conf"
check "install.sh: no watchdog without the flag" not_exists "$r1/etc/systemd/system.conf.d/90-failberry-watchdog.conf"
check "install.sh: the example config is not started, next steps printed" contains "$WORK/i1" "Next: edit /etc/failberry/failberry.conf"

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
    '[[ ! -e $1/usr/share/failberry/failberry.jar && ! -e $1/usr/bin/failberry && ! -e $1/lib/systemd/system/failberry.service ]]' _ "$r1"
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
