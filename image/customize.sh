#!/usr/bin/env bash
# mmdebstrap customize hook (image/build.sh): turns the Debian root filesystem at $1 into the SmartMeter image.
#   customize.sh ROOTFS REPO_ROOT VERSION RELEASE_PUBKEY_FILE ROOT_LABEL BOOT_LABEL PUBLISH_DIR
set -euo pipefail
readonly R=$1 ROOT=$2 VERSION=$3 PUBKEY=$4 ROOT_LABEL=$5 BOOT_LABEL=$6 PUBLISH=$7
in_root() { chroot "$R" "$@"; }

# The overlay (image/rootfs): units, first-boot scripts, network, journald, sshd and avahi configuration.
cp -a --no-preserve=ownership "$ROOT/image/rootfs/." "$R/"
install -m 0755 "$ROOT/image/smartmeter-update" "$R/usr/sbin/smartmeter-update"
install -D -m 0644 "$PUBKEY" "$R/usr/share/smartmeter/release-key.pub"
install -m 0644 "$ROOT/Hub.Host/deploy/smartmeter.service" "$R/etc/systemd/system/smartmeter.service"

cat >"$R/etc/fstab" <<FSTAB
# <file system>          <mount point>   <type> <options>                               <dump> <pass>
LABEL=$ROOT_LABEL        /               ext4   defaults,noatime,commit=60              0      1
LABEL=$BOOT_LABEL        /boot/firmware  vfat   defaults,noatime,umask=0077,nofail      0      2
FSTAB

# The hub's user; its data dir (the unit's StateDirectory) and config dir.
in_root useradd --system --user-group --home-dir /var/lib/smartmeter --no-create-home --shell /usr/sbin/nologin smartmeter
install -d -m 0750 -o root -g root "$R/var/lib/smartmeter"
in_root chown smartmeter:smartmeter /var/lib/smartmeter
in_root chown root:smartmeter /etc/smartmeter /etc/smartmeter/hub.json
chmod 0750 "$R/etc/smartmeter"
chmod 0640 "$R/etc/smartmeter/hub.json"

# /opt/smartmeter/releases/<version>, current -> it (smartmeter-update switches the link).
mkdir -p "$R/opt/smartmeter/releases"
cp -a "$PUBLISH" "$R/opt/smartmeter/releases/$VERSION"
ln -sfn "releases/$VERSION" "$R/opt/smartmeter/current"
chown -R root:root "$R/opt/smartmeter"
chmod -R u=rwX,go=rX "$R/opt/smartmeter"
chmod 0755 "$R/opt/smartmeter/releases/$VERSION/hub/Hub.Host" "$R/opt/smartmeter/releases/$VERSION/meter-firmware/meter-firmware"

# Units: the hub, first boot, the setup-code watcher, networkd/resolved/timesyncd, avahi; SSH off until keys are given.
in_root systemctl enable smartmeter.service smartmeter-firstboot.service smartmeter-setup-code.path \
  systemd-networkd.service systemd-resolved.service systemd-timesyncd.service avahi-daemon.service >/dev/null 2>&1
in_root systemctl disable ssh.service >/dev/null 2>&1 || true
rm -f "$R"/etc/ssh/ssh_host_*
ln -sfn /run/systemd/resolve/stub-resolv.conf "$R/etc/resolv.conf"

# No password for anyone: every account locked (root included); the way in is the web setup or the installer's key.
in_root passwd --lock root >/dev/null
sed -i -E 's/^([^:]+):([^:!*][^:]*):/\1:!\2:/' "$R/etc/shadow"

# raspi-firmware: root by label, the console on the screen (the last console= is /dev/console, where the setup code
# and config errors are shown) and on the UART; its kernel hook copies kernel, initrd and the Broadcom device trees to
# /boot/firmware and writes config.txt (arm_64bit=1) and cmdline.txt. Its postinst copied the firmware already.
sed -i -E -e '/^#?ROOTPART=/d' -e '/^#?CONSOLES=/d' "$R/etc/default/raspi-firmware"
printf 'ROOTPART=LABEL=%s\nCONSOLES="ttyS1,115200 tty0"\n' "$ROOT_LABEL" >>"$R/etc/default/raspi-firmware"
cp -a "$R"/usr/lib/raspi-firmware/. "$R/boot/firmware/"
in_root env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware
kernel=$(basename "$(ls -1 "$R"/boot/vmlinuz-* | sort -V | tail -n 1)")
kernel=${kernel#vmlinuz-}
grep -q "root=LABEL=$ROOT_LABEL" "$R/boot/firmware/cmdline.txt" || { echo "customize: cmdline.txt does not name root=LABEL=$ROOT_LABEL" >&2; exit 1; }

# The machine id is made at first boot (systemd's "uninitialized" convention); no logs, caches or apt lists inside.
echo uninitialized >"$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/log/*.log "$R"/var/log/apt/* "$R"/tmp/* "$R"/root/.bash_history
mkdir -p "$R/var/log/journal"

# The manifest: what is inside, for reproducing the image (Debian has no pinned snapshot reachable here: the exact
# package versions are recorded instead; `apt-get install PKG=VERSION` or snapshot.debian.org reproduce them).
mkdir -p "$R/usr/share/smartmeter"
{
  echo "# SmartMeter hub SD image manifest"
  echo "hub-version: $VERSION"
  echo "source-date-epoch: $SOURCE_DATE_EPOCH"
  echo "debian-suite: bookworm (arm64; main, non-free-firmware; bookworm-updates, bookworm-security)"
  echo "kernel: $kernel"
  echo "release-key-sha256: $(sha256sum "$PUBKEY" | cut -d' ' -f1)"
  echo "hub-sha256: $(sha256sum "$R/opt/smartmeter/releases/$VERSION/hub/Hub.Host.dll" | cut -d' ' -f1)"
  echo "# packages (name version architecture):"
  in_root dpkg-query -W -f '${Package} ${Version} ${Architecture}\n' | sort
} >"$R/usr/share/smartmeter/image-manifest.txt"
