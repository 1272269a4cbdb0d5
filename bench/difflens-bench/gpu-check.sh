#!/usr/bin/env bash
# GPU check of the adaptive memory pipeline: builds difflens-bench (engine only, no Qt or
# OpenCV) against the machine's LibTorch and runs the configuration matrix:
#   8192^2 pixelmatch+SSIM on CUDA (High), injected-OOM recovery, CPU cross-check,
#   16384^2 under --budget 1G (Medium tiles) == whole frame, Low tier;
# then a few single runs with stage timings. Run from the repository root; output goes to
# $OUT (pipeline-gpu.log, matrix.jsonl).
set -u
OUT=${OUT:-$PWD/gpu-out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/pipeline-gpu.log") 2>&1
BUILD=${BUILD:-build-gpu-pipeline}
status=0
step() { # step <name> <command...>
    local name=$1; shift
    echo "=== $name"
    local t0=$(date +%s)
    "$@"
    local rc=$?
    echo "=== $name: rc=$rc ($(( $(date +%s) - t0 )) s)"
    [ $rc -eq 0 ] || status=1
    return $rc
}

nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv
if [ -x /usr/local/cuda/bin/nvcc ]; then export PATH=/usr/local/cuda/bin:$PATH; fi
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
CUDA_ARGS=()
if command -v nvcc >/dev/null; then CUDA_ARGS+=("-DCMAKE_CUDA_COMPILER=$(command -v nvcc)"); fi
step configure cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIFFLENS_ENGINE_ONLY=ON \
    -DDIFFLENS_BUILD_TESTS=OFF -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" "${CUDA_ARGS[@]}" >"$OUT/configure.log" 2>&1 \
    || tail -30 "$OUT/configure.log"
grep -E "DiffLens engine: fused CUDA kernels" "$OUT/configure.log"
step build cmake --build "$BUILD" -j"$(nproc)" --target difflens-bench || exit 1

B="$BUILD/bench/difflens-bench/difflens-bench"
step monitor timeout 30 "$B" --monitor
step matrix timeout 300 "$B" --matrix 2>"$OUT/matrix.jsonl"
step cuda-8k-repeat timeout 60 "$B" --size 8192x8192 --ssim --device cuda --repeat 3
step cuda-8k-no-ssim timeout 60 "$B" --size 8192x8192 --device cuda --repeat 3
step cuda-16k-1G timeout 90 "$B" --size 16384x16384 --ssim --device cuda --budget 1G --verbose
step cuda-oom-upload timeout 60 "$B" --size 8192x8192 --ssim --device cuda --inject-oom upload --verbose
step cpu-8k timeout 90 "$B" --size 8192x8192 --ssim --device cpu
echo "=== overall status: $status"
exit $status
