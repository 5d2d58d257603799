#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing, and says what it does.
# Run by `pnpm test` before the tests (and usable on its own: `bash tooling/setup.sh`).
#
#   dataset-fashion-mnist  Fashion-MNIST's gzipped IDX files (datasets-mnist tests)
#   chromium               its SwiftShader Vulkan driver runs WebGPU without a GPU (Dawn in Node,
#                          headless Chromium for the browser tests)
#   libvulkan1             the Vulkan loader Dawn uses
#   python3-torch          PyTorch 1.13 for /usr/bin/python3: the DDP hand-off test and PyTorch
#                          running generated module source
#   python3-onnx           the official ONNX checker
#
# Set TORCHLET_SKIP_SETUP=1 to skip. Without root (and without sudo), it only prints the command
# to run; the tests that need a missing package then skip with a message (they fail under CI).
set -euo pipefail

[ "${TORCHLET_SKIP_SETUP:-}" = 1 ] && exit 0
command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || {
  echo "setup: not a Debian/Ubuntu machine; install Chromium (for WebGPU through SwiftShader) and PyTorch by hand if you want those tests" >&2
  exit 0
}

packages=(dataset-fashion-mnist chromium libvulkan1 python3-torch python3-onnx)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: run as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 0
fi

echo "setup: installing Debian packages the tests need: ${missing[*]} (about 600 MB, once)" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q >&2
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
echo "setup: done" >&2
