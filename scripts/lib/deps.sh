# Shared settings for the project's scripts: where dependencies live, what Debian packages we need.
VACO_DEPS="${VACO_DEPS:-$HOME/.cache/vaco-studio}"
VACO_VENV="$VACO_DEPS/venv"
VACO_BUILD_DIR="${VACO_BUILD_DIR:-$here/build}"
VACO_BUILD_TYPE="${VACO_BUILD_TYPE:-RelWithDebInfo}"
VACO_APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  python3 python3-venv
  qt6-base-dev qt6-svg-dev libgl-dev libqcustomplot-dev
  libhdf5-dev nlohmann-json3-dev libcli11-dev
  xvfb xauth libgl1-mesa-dri patchelf
)
export VACO_DEPS VACO_VENV
