#!/usr/bin/env bash
# Installs what building and testing hotjit needs on a fresh Debian 12 machine that has the Swift toolchain:
# LLVM 22 (headers, libLLVM, clang, tools), pkg-config, gdb, Python 3 with pytest (the binding's tests), xz-utils
# (GCC's tests, scripts/peer-suites.sh), tcl and make (sqlite3's amalgamation, bench/real), and the cross-architecture
# test tools. Idempotent and quick when everything is there. A failing `apt-get update` is only a warning (a stale
# index may still serve).
set -u
packages=(llvm-22-dev clang-22 llvm-22-tools lld-22 pkg-config gdb python3 python3-pytest xz-utils tcl make)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq || echo "setup: warning: apt-get update failed; trying the existing index"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null || {
        echo "setup: error: could not install ${missing[*]}" >&2; exit 1; }
fi
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$here/setup-cross-arch.sh" ] || [ -f "$here/setup-cross-arch.sh" ]; then
    bash "$here/setup-cross-arch.sh" || echo "setup: warning: cross-architecture tools unavailable; those tests will skip"
fi
