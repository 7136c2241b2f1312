#!/usr/bin/env bash
# Installs (as root) or names (otherwise) the Debian packages WasmActors needs beyond the .NET SDK.
# Sourced by the other scripts; idempotent and quiet when everything is already there.
set -euo pipefail

WASMACTORS_APT_PACKAGES=(
  # the QUIC bulk path: ngtcp2 + GnuTLS, built into a small shared library by `dotnet build`
  libngtcp2-dev libngtcp2-crypto-gnutls-dev libgnutls28-dev pkg-config make gcc
  # differential testing against random modules
  binaryen
  # the dashboard's test drives a real browser
  chromium
  # the separate-hosts test puts each node in a network namespace (ip netns, bridge and veth links)
  iproute2
)

wasmactors_missing_packages() {
  local missing=()
  for p in "${WASMACTORS_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

wasmactors_install_prereqs() {
  if ! command -v dotnet >/dev/null; then
    echo "error: the .NET 10 SDK is required (https://dot.net); install it and run this again." >&2
    exit 2
  fi
  local missing
  missing="$(wasmactors_missing_packages)"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ]; then
      echo "==> installing: $missing"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
      echo "error: missing Debian packages. Run:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
      exit 2
    fi
  fi
}
