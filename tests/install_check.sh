#!/usr/bin/env bash
# ctest test_install: `cmake --install` into a temporary prefix gives binaries that start with a
# bare environment (no LD_LIBRARY_PATH): `vaco demo` trains, `vaco-studio --help` answers.
#   tests/install_check.sh BUILD_DIR
set -euo pipefail
build="$1"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
env -i PATH=/usr/bin:/bin HOME="$prefix" "$prefix/bin/vaco" --version
env -i PATH=/usr/bin:/bin HOME="$prefix" "$prefix/bin/vaco" demo --steps 50 --value-steps 50 --out "$prefix/demo" \
  | tail -n 3
if [ -x "$prefix/bin/vaco-studio" ]; then
  env -i PATH=/usr/bin:/bin HOME="$prefix" QT_QPA_PLATFORM=offscreen "$prefix/bin/vaco-studio" --help | head -n 3
fi
echo "install check: OK ($prefix)"
