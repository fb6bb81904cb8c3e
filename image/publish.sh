#!/usr/bin/env bash
# Publishes the hub and meter-firmware self-contained for linux-arm64 with ReadyToRun into OUT_DIR/{hub,meter-firmware}
# and writes OUT_DIR/VERSION: one release as the image's /opt/smartmeter/releases/<version> and a bundle hold it.
#   image/publish.sh OUT_DIR REPO_ROOT VERSION
# It publishes from a copy of the checkout's files (.smartmeter/image/src, kept for incremental builds): a RID-specific
# restore in the checkout would fight with the Release build the tests use (obj/project.assets.json is shared).
set -euo pipefail
readonly OUT=$1 ROOT=$2 VERSION=$3
readonly SRC=$ROOT/.smartmeter/image/src
mkdir -p "$SRC"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | grep -zv '^\.smartmeter/' | tar --null -T - -cf -) | tar -C "$SRC" -xf -
rm -rf "$OUT"
mkdir -p "$OUT"
for project in Hub.Host/Hub.Host.csproj:hub meter-firmware/MeterFirmware.csproj:meter-firmware; do
  log=$OUT.${project##*:}.log
  # Not trimmed: the hub binds options and plugins by reflection (ILLink would warn and remove what they need).
  if ! dotnet publish "$SRC/${project%%:*}" -c Release -r linux-arm64 --self-contained -p:PublishReadyToRun=true \
      -p:DebugType=none -o "$OUT/${project##*:}" -nologo -v quiet >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "image: dotnet publish ${project%%:*} for linux-arm64 failed; log $log" >&2
    exit 1
  fi
done
echo "$VERSION" >"$OUT/VERSION"
