#!/usr/bin/env bash
# Makes a signed update bundle from a release folder (VERSION, hub/, meter-firmware/): a reproducible tar.gz and its
# detached Ed25519 signature (64 bytes, RFC 8032) that smartmeter-update checks against the release key.
#   image/bundle.sh RELEASE_DIR PRIVATE_KEY_PEM OUT_TAR_GZ     (writes OUT_TAR_GZ and OUT_TAR_GZ.sig)
set -euo pipefail
readonly DIR=$1 KEY=$2 OUT=$3
[[ -s $DIR/VERSION && -d $DIR/hub ]] || { echo "bundle: $DIR has no VERSION or hub/" >&2; exit 1; }
mtime=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$DIR/VERSION")}
mkdir -p "$(dirname "$OUT")"
tar --sort=name --mtime="@$mtime" --owner=0 --group=0 --numeric-owner --format=gnu -C "$DIR" -cf - . \
  | gzip -n -6 >"$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
openssl pkeyutl -sign -inkey "$KEY" -rawin -in "$OUT" -out "$OUT.sig"
