#!/usr/bin/env bash
# Prepares the GPU check kit: the llama.cpp source node-llama-cpp bundles, trimmed to what a CUDA
# build of libllama needs, as one xz tarball under .gpu-kit/ (git-ignored). The GPU machine gets
# the repository's tracked files plus this folder; scripts/gpu-check/gpu_check.py does the rest
# there (build, model, checks). Fails when the kit would not fit the 64 MiB a run may carry.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source_dir="$root/node_modules/node-llama-cpp/llama/llama.cpp"
kit="$root/.gpu-kit"
limit_mib=56  # of the 64 MiB a device run may carry: the rest is the repository itself

if [ ! -f "$source_dir/CMakeLists.txt" ]; then
  echo "No llama.cpp source at $source_dir: run npm run build:native first (it unpacks node-llama-cpp's bundled source)." >&2
  exit 1
fi
rm -rf "$kit"
mkdir -p "$kit"
# Only the core library, its vendored headers and the CPU and CUDA backends: no tools, tests,
# examples, vocabularies or other GPU backends (ggml adds a backend's folder only when enabled).
tar -C "$(dirname "$source_dir")" -cJf "$kit/llama.cpp.tar.xz" \
  --exclude='llama.cpp/.git' \
  --exclude='llama.cpp/ggml/src/ggml-blas' --exclude='llama.cpp/ggml/src/ggml-cann' \
  --exclude='llama.cpp/ggml/src/ggml-et' --exclude='llama.cpp/ggml/src/ggml-hexagon' \
  --exclude='llama.cpp/ggml/src/ggml-hip' --exclude='llama.cpp/ggml/src/ggml-metal' \
  --exclude='llama.cpp/ggml/src/ggml-musa' --exclude='llama.cpp/ggml/src/ggml-opencl' \
  --exclude='llama.cpp/ggml/src/ggml-openvino' --exclude='llama.cpp/ggml/src/ggml-rpc' \
  --exclude='llama.cpp/ggml/src/ggml-sycl' --exclude='llama.cpp/ggml/src/ggml-virtgpu' \
  --exclude='llama.cpp/ggml/src/ggml-vulkan' --exclude='llama.cpp/ggml/src/ggml-webgpu' \
  --exclude='llama.cpp/ggml/src/ggml-zdnn' --exclude='llama.cpp/ggml/src/ggml-zendnn' \
  llama.cpp/CMakeLists.txt llama.cpp/cmake llama.cpp/include llama.cpp/src llama.cpp/vendor \
  llama.cpp/ggml/CMakeLists.txt llama.cpp/ggml/cmake llama.cpp/ggml/include llama.cpp/ggml/src \
  llama.cpp/LICENSE llama.cpp/licenses
cp "$root/node_modules/node-llama-cpp/llama/llama.cpp.info.json" "$kit/" 2>/dev/null || true
size=$(du -cb "$kit" | tail -1 | cut -f1)
echo "GPU check kit: $kit, $((size / 1024)) KiB"
if [ "$size" -gt $((limit_mib * 1024 * 1024)) ]; then
  echo "The kit is over $limit_mib MiB and would not fit a device run." >&2
  exit 1
fi
