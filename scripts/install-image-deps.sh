#!/usr/bin/env bash
# Installs what ./smartmeter image and ./smartmeter test-image need, if it is missing: mmdebstrap with qemu-user-static
# through binfmt_misc (the arm64 root file system is configured under emulation), the partition and file-system tools
# that need no loop device, and qemu-system-aarch64 for the boot test. Safe to run again.
set -euo pipefail

need=()
want() { # want <command> <debian-package>
  command -v "$1" >/dev/null 2>&1 || need+=("$2")
}
want mmdebstrap mmdebstrap
want arch-test arch-test
want qemu-aarch64-static qemu-user-static
want update-binfmts binfmt-support
want qemu-system-aarch64 qemu-system-arm
want mkfs.vfat dosfstools
want mcopy mtools
want sfdisk fdisk
want debugfs e2fsprogs
want xz xz-utils
want ssh openssh-client
want curl curl
want openssl openssl

if ((${#need[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "smartmeter: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
