#!/usr/bin/env bash
# Builds the installer's SD-card image (image/README.md): Debian 12 arm64 from Debian packages (mmdebstrap, second
# stage under qemu-user-static through binfmt_misc), the hub and meter-firmware self-contained for linux-arm64 in
# /opt/smartmeter, assembled without loop devices or mounts (sfdisk, mkfs.vfat + mcopy, mkfs.ext4 -d, dd).
#   image/build.sh OUT_FILE REPO_ROOT STATE_DIR
set -euo pipefail
readonly OUT=$1 ROOT=$2 STATE=$3
readonly HERE=$ROOT/image
readonly CACHE=$STATE/image/cache WORK=$STATE/image/work
readonly SUITE=bookworm MIRROR=http://deb.debian.org/debian SECURITY=http://deb.debian.org/debian-security
# Partition layout (512-byte sectors): FAT32 boot at 4 MiB, 256 MiB; ext4 root after it.
readonly BOOT_START=8192 BOOT_SECTORS=$((256 * 2048))
readonly ROOT_START=$((BOOT_START + BOOT_SECTORS))
readonly BOOT_LABEL=SMBOOT ROOT_LABEL=smartmeter-root
# Fixed identifiers so that the same inputs give the same filesystems.
readonly DISK_ID=0x534d4842 FAT_ID=534d4254 ROOT_UUID=5e3a7c1d-2b4f-4e8a-9c61-736d61727431 HASH_SEED=736d6172-746d-6574-6572-2d6875623031

say() { echo "image: $*" >&2; }
step() { say "$* ($(date -u +%H:%M:%S))"; }

# The packages of the image (issue 14): firmware and kernel for Raspberry Pi 3/4/400/5 and Zero 2 W, networking,
# mDNS, time, security updates, SSH (off until keys are given); libicu/libssl for .NET; tools the first-boot scripts use.
readonly PACKAGES=(
  systemd-sysv udev dbus systemd-timesyncd systemd-resolved
  raspi-firmware linux-image-arm64 initramfs-tools firmware-brcm80211 wireless-regdb wpasupplicant
  avahi-daemon libnss-mdns unattended-upgrades openssh-server
  ca-certificates libicu72 libssl3 openssl curl socat
  iproute2 kmod netbase fdisk e2fsprogs dosfstools
)

[[ $(id -u) == 0 ]] || { say "building the image needs root (mmdebstrap's root mode keeps file owners without fakeroot)"; exit 1; }
for tool in mmdebstrap sfdisk mkfs.vfat mcopy mkfs.ext4 xz sha256sum dotnet openssl; do
  command -v "$tool" >/dev/null || { say "$tool is missing: run scripts/install-image-deps.sh"; exit 1; }
done

# qemu-user-static runs the arm64 maintainer scripts; binfmt_misc must be mounted and the interpreter registered.
if [[ $(uname -m) != aarch64 ]]; then
  if [[ ! -e /proc/sys/fs/binfmt_misc/status ]]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
    update-binfmts --enable qemu-aarch64 || update-binfmts --import qemu-aarch64
  fi
  [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || { say "cannot register qemu-aarch64 with binfmt_misc"; exit 1; }
fi

mkdir -p "$CACHE/apt" "$WORK"
version=$(git -C "$ROOT" describe --tags --always --dirty 2>/dev/null || echo unknown)
# Commit time: the same sources give the same timestamps in the image.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}

# ---- the hub and meter-firmware, self-contained for linux-arm64, ReadyToRun -------------------------------------
step "publishing the hub and meter-firmware for linux-arm64 (self-contained, ReadyToRun) …"
publish=$WORK/publish
bash "$HERE/publish.sh" "$publish" "$ROOT" "$version"

# ---- the release key's public half (bundle signatures, smartmeter-update) ------------------------------------------
pubkey=$(bash "$HERE/release-key.sh" "$STATE")

# ---- the root filesystem --------------------------------------------------------------------------------------------
rootfs=$WORK/rootfs
rm -rf "$rootfs"
step "building the Debian $SUITE arm64 root filesystem (mmdebstrap; apt archives cached in $CACHE/apt) …"
# The apt archives are kept between builds (sync-in/sync-out, mmdebstrap(1) "--skip=download/empty"), then removed
# from the image.
mmdebstrap --arch=arm64 --variant=minbase --mode=root --format=directory \
  --include="$(IFS=,; echo "${PACKAGES[*]}")" \
  --components=main,non-free-firmware \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --skip=download/empty \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/ "$1"/boot/firmware' \
  --setup-hook="sync-in '$CACHE/apt' /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives '$CACHE/apt'" \
  --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
  --customize-hook="bash '$HERE/customize.sh' \"\$1\" '$ROOT' '$version' '$pubkey' '$ROOT_LABEL' '$BOOT_LABEL' '$publish'" \
  "$SUITE" "$rootfs" \
  "deb $MIRROR $SUITE main non-free-firmware" \
  "deb $MIRROR $SUITE-updates main non-free-firmware" \
  "deb $SECURITY $SUITE-security main non-free-firmware" >"$WORK/mmdebstrap.log" 2>&1 || {
    tail -n 40 "$WORK/mmdebstrap.log" >&2
    say "mmdebstrap failed; log $WORK/mmdebstrap.log"
    exit 1
  }

manifest=$rootfs/usr/share/smartmeter/image-manifest.txt
[[ -s $manifest ]] || { say "customize.sh wrote no manifest"; exit 1; }

# ---- the image file: partitions written at their offsets, never mounted -------------------------------------------
step "assembling the image …"
boot_dir=$rootfs/boot/firmware
[[ -n $(ls "$boot_dir"/vmlinuz-* 2>/dev/null) ]] || { say "no kernel in /boot/firmware (raspi-firmware's hook did not run)"; exit 1; }
root_kib=$(du -sk --apparent-size "$rootfs" | cut -f1)
# Room for inodes, the journal and the first days; the first boot grows the partition to the card.
root_mib=$(( (root_kib * 13 / 10 + 200 * 1024) / 1024 ))
root_sectors=$((root_mib * 2048))
total_sectors=$((ROOT_START + root_sectors))

img=$WORK/image.img
rm -f "$img" "$WORK/boot.vfat" "$WORK/root.ext4"
truncate -s $((total_sectors * 512)) "$img"
sfdisk --quiet "$img" <<TABLE
label: dos
label-id: $DISK_ID
unit: sectors

start=$BOOT_START, size=$BOOT_SECTORS, type=c, bootable
start=$ROOT_START, size=$root_sectors, type=83
TABLE

truncate -s $((BOOT_SECTORS * 512)) "$WORK/boot.vfat"
mkfs.vfat -F 32 -n "$BOOT_LABEL" -i "$FAT_ID" "$WORK/boot.vfat" >/dev/null
# The boot partition's files are on FAT only (the rootfs keeps an empty mount point).
(cd "$boot_dir" && MTOOLS_SKIP_CHECK=1 mcopy -s -p -m -i "$WORK/boot.vfat" ./* ::/)
find "$boot_dir" -mindepth 1 -delete

# E2FSPROGS_FAKE_TIME: mkfs.ext4's own timestamps from the commit (e2fsprogs honours it for reproducible builds).
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mkfs.ext4 -q -L "$ROOT_LABEL" -U "$ROOT_UUID" -E "hash_seed=$HASH_SEED" \
  -O ^metadata_csum_seed -m 1 -d "$rootfs" "$WORK/root.ext4" "$((root_sectors / 2))k"

dd if="$WORK/boot.vfat" of="$img" bs=512 seek=$BOOT_START conv=notrunc,sparse status=none
dd if="$WORK/root.ext4" of="$img" bs=512 seek=$ROOT_START conv=notrunc,sparse status=none
rm -f "$WORK/boot.vfat" "$WORK/root.ext4"

mkdir -p "$(dirname "$OUT")"
mv -f "$img" "$OUT"
cp "$manifest" "$OUT.manifest"
( cd "$(dirname "$OUT")" && sha256sum "$(basename "$OUT")" >"$(basename "$OUT").sha256" )
sum=$(cut -d' ' -f1 "$OUT.sha256")
size=$(stat -c %s "$OUT")
step "done"
echo "image:    $OUT"
echo "size:     $size bytes ($((size / 1048576)) MiB)"
echo "sha256:   $sum"
echo "manifest: $OUT.manifest (Debian package versions, hub version $version)"
