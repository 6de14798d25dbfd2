#!/usr/bin/env bash
# Installs what the cross-architecture execution tests (Tests/HotJITEmittersTests/CrossArchExecutionTests.swift) need
# to run the AArch64, PowerPC64 LE and PowerPC64 BE (ELFv1) emitters' output under qemu user-mode emulation:
#   qemu-user                                        qemu-aarch64, qemu-ppc64le, qemu-ppc64
#   gcc-aarch64-linux-gnu libc6-dev-arm64-cross      harness compiler + loader/libc under /usr/aarch64-linux-gnu
#   gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross  the same for /usr/powerpc64le-linux-gnu
#   gcc-powerpc64-linux-gnu libc6-dev-ppc64-cross    the same for /usr/powerpc64-linux-gnu (big-endian, ELFv1)
#
# Idempotent: when every package is installed it only checks (dpkg-query) and exits, without touching the network.
# A failing `apt-get update` is a warning, not an error: the package lists may already be good enough, and a broken
# third-party source should not block the install. No `dpkg --add-architecture` is needed (or wanted) for cross
# compilers.
set -euo pipefail

packages=(qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross
          gcc-powerpc64-linux-gnu libc6-dev-ppc64-cross)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [[ "$status" == installed ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
    echo "setup-cross-arch: all packages already installed (${packages[*]})"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "setup-cross-arch: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
fi

echo "setup-cross-arch: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update -q; then
    echo "setup-cross-arch: warning: apt-get update failed; trying the install with the current package lists" >&2
fi
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

for tool in qemu-aarch64 qemu-ppc64le qemu-ppc64 aarch64-linux-gnu-gcc powerpc64le-linux-gnu-gcc powerpc64-linux-gnu-gcc; do
    command -v "$tool" >/dev/null 2>&1 || { echo "setup-cross-arch: $tool still missing after install" >&2; exit 1; }
done
echo "setup-cross-arch: done"
