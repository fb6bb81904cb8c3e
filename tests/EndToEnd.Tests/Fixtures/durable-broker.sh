#!/usr/bin/env bash
# A minimal MQTT 3.1.1 "broker" for one connection on stdin/stdout (socat ... EXEC:...,nofork), used as the positive
# control of the durability probe: it appends each QoS 1 PUBLISH to $1/data and fsyncs it (coreutils `sync FILE`)
# before writing the PUBACK. Reads use `head -c N`, which never reads past N bytes of the socket.
set -euo pipefail
dir=$1
byte() { head -c1 | od -An -tu1 | tr -d ' \n'; }
while :; do
  header=$(byte)
  [[ -n $header ]] || exit 0
  length=0 multiplier=1
  while :; do
    b=$(byte)
    length=$((length + (b & 127) * multiplier))
    multiplier=$((multiplier * 128))
    ((b & 128)) || break
  done
  if ((length > 0)); then head -c "$length" >"$dir/packet"; else : >"$dir/packet"; fi
  case $((header >> 4)) in
    1) printf '\x20\x02\x00\x00' ;;                                  # CONNECT -> CONNACK accepted
    3) mapfile -t body < <(od -An -tu1 -v -w1 "$dir/packet" | tr -d ' ')
       topic_length=$((body[0] * 256 + body[1]))
       id_hi=${body[$((2 + topic_length))]} id_lo=${body[$((3 + topic_length))]}
       cat "$dir/packet" >>"$dir/data"
       sync "$dir/data"                                              # fsync(2) of the data file
       printf "\\x40\\x02\\x$(printf %02x "$id_hi")\\x$(printf %02x "$id_lo")" ;;  # PUBACK
    12) printf '\xd0\x00' ;;                                         # PINGREQ -> PINGRESP
    14) exit 0 ;;                                                    # DISCONNECT
  esac
done
