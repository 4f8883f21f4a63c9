#!/usr/bin/env bash
# Installs the programs the tests start, when missing: Pebble (an ACME test
# server) and pebble-challtestsrv (its mock DNS server), from Debian's pebble
# package. Runs before `npm test`; it needs root or password-less sudo.
set -euo pipefail

if command -v pebble >/dev/null && command -v pebble-challtestsrv >/dev/null; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif sudo -n true 2>/dev/null; then
  apt_get=(sudo -n apt-get)
else
  echo "pebble is missing and cannot be installed without root: run 'sudo apt-get install -y pebble', then npm test again." >&2
  exit 1
fi

echo "Installing Debian's pebble package for the certificate tests"
"${apt_get[@]}" install -y --no-install-recommends pebble ||
  { "${apt_get[@]}" update && "${apt_get[@]}" install -y --no-install-recommends pebble; }
