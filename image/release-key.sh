#!/usr/bin/env bash
# The project's release key (Ed25519) that signs update bundles: the private half stays on the build machine, mode
# 0600, outside git ($SMARTMETER_RELEASE_KEY or .smartmeter/release/release-key.pem); the public half goes into the
# image (/usr/share/smartmeter/release-key.pub). Creates the pair when missing; prints the public key file's path.
#   image/release-key.sh STATE_DIR
set -euo pipefail
key=${SMARTMETER_RELEASE_KEY:-$1/release/release-key.pem}
pub=${key%.pem}.pub
if [[ ! -f $key ]]; then
  mkdir -p "$(dirname "$key")"
  (umask 077 && openssl genpkey -algorithm ed25519 -out "$key")
  echo "release key: created $key (0600; keep it safe and out of git: images made with it accept only bundles it signs)" >&2
fi
[[ $(stat -c %a "$key") == 600 ]] || chmod 600 "$key"
if [[ ! -f $pub || $key -nt $pub ]]; then
  openssl pkey -in "$key" -pubout -out "$pub"
fi
echo "$pub"
