#!/usr/bin/env bash
# Installs the peers the tests, the demo and the benchmarks run against, if they are missing.
# Debian packages: mosquitto (+ clients), chromium, strace, socat, libcoap3-bin, python3-pymodbus, mbpoll, systemd.
# Safe to run again: it installs only what is missing, and says what it did.
set -euo pipefail

need=()
want() { # want <command> <debian-package>
  command -v "$1" >/dev/null 2>&1 || need+=("$2")
}
want mosquitto mosquitto
want mosquitto_pub mosquitto-clients
want chromium chromium
want strace strace
want socat socat
want coap-client-notls libcoap3-bin
want mbpoll mbpoll
want systemd-analyze systemd
want node nodejs
want npm npm
want cc gcc
# The SML tests build a small C program against Debian's libsml.
[[ -f /usr/include/sml/sml_file.h ]] || need+=(libsml-dev)
# The demo sets up its hubs' owners through the API with curl; the update tool's tests (tests/Image.Tests) check
# Ed25519 signatures with openssl and /health with curl. The image's own tools
# are installed by scripts/install-image-deps.sh, for ./smartmeter image and ./smartmeter test-image.
want openssl openssl
want curl curl
/usr/bin/python3 -c 'import pymodbus' >/dev/null 2>&1 || need+=(python3-pymodbus)
# pymodbus' server imports pyserial at load time; Debian only recommends these.
/usr/bin/python3 -c 'import serial, serial_asyncio' >/dev/null 2>&1 || need+=(python3-serial python3-serial-asyncio)

if ((${#need[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "smartmeter: installing ${need[*]}" >&2
  # Package scripts must not start system services (a system mosquitto would hold port 1883).
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The DSMR tests cross-check against npm's smartmeter-obis, installed beside them (tests/Hub.Plugins.Dsmr.Tests/tools).
dsmr_tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Hub.Plugins.Dsmr.Tests/tools"
if [[ ! -d $dsmr_tools/node_modules/smartmeter-obis ]] && command -v npm >/dev/null 2>&1; then
  echo "smartmeter: installing smartmeter-obis (npm) in $dsmr_tools" >&2
  (cd "$dsmr_tools" && npm install --no-audit --no-fund --silent >/dev/null)
fi

# A mosquitto started by its package would hold 1883, the embedded broker's port in the demo.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  echo "smartmeter: note: a system mosquitto is running on 1883; the demo's hub will use another port if 1883 is taken" >&2
fi
