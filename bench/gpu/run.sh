#!/usr/bin/env bash
# GPU machine check of the engine: build the engine only (no Qt/OpenCV) against the
# machine's LibTorch, run the engine-only tests and time the fused CUDA kernels.
# Run from the repository root; everything is also written to $OUT/gpu.log.
set -x
OUT=${OUT:-$PWD/gpu-out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu.log") 2>&1

BUILD=build-gpu-dev
status=0
step() { # step <name> <command...>: run, record failure, carry on
    local name=$1; shift
    echo "=== $name"
    local t0=$(date +%s)
    "$@"
    local rc=$?
    echo "=== $name: rc=$rc ($(( $(date +%s) - t0 )) s)"
    [ $rc -eq 0 ] || status=1
    return $rc
}

nvidia-smi
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv
nvidia-smi --query-gpu=pcie.link.gen.max,pcie.link.gen.current,pcie.link.width.current --format=csv 2>/dev/null
cat /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag 2>/dev/null
if [ -x /usr/local/cuda/bin/nvcc ]; then export PATH=/usr/local/cuda/bin:$PATH; fi
which nvcc && nvcc --version
cmake --version | head -1
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())'
NPROC=$(nproc)

CUDA_ARGS=()
if command -v nvcc >/dev/null; then CUDA_ARGS+=("-DCMAKE_CUDA_COMPILER=$(command -v nvcc)"); fi
step configure cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIFFLENS_ENGINE_ONLY=ON \
    -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" "${CUDA_ARGS[@]}"
grep -E "DiffLens engine: fused CUDA kernels|CMAKE_CUDA_COMPILER:|Torch_DIR" "$BUILD/CMakeCache.txt" 2>/dev/null
step build-engine cmake --build "$BUILD" -j"$NPROC" --target difflens_engine
step build-tests cmake --build "$BUILD" -j"$NPROC" --target tst_engine_tile_torch
step build-kernel-bench cmake --build "$BUILD" -j"$NPROC" --target gpu_kernels_bench
if cmake --build "$BUILD" --target help 2>/dev/null | grep -q "difflens-bench"; then
    step build-difflens-bench cmake --build "$BUILD" -j"$NPROC" --target difflens-bench
else
    echo "difflens-bench target not present; skipped"
fi

step engine-tests timeout 240 "$BUILD/tests/engine_only/tst_engine_tile_torch"
step ctest-engine-only timeout 240 ctest --test-dir "$BUILD" --output-on-failure -R '^tst_engine'
# Kernels (device-resident and per tile end to end, transfer sweep), transfer checks against
# the CPU kernels, and runJob end to end at 8192^2 (fused staged/direct vs CPU, identity checks).
step kernel-bench timeout 240 "$BUILD/bench/gpu/gpu_kernels_bench" 4096 8192 --iterations 5 --sweep
BENCH="$BUILD/bench/difflens-bench/difflens-bench"
if [ -x "$BENCH" ]; then
    # Pipeline on the device: 8192^2 pixelmatch+SSIM whole frame (repeat for warm timings),
    # then the matrix: injected OOM recovery, CPU cross-check, 16384^2 under a 1 GiB budget.
    step bench-8192-cuda timeout 120 "$BENCH" --size 8192x8192 --device cuda --ssim --repeat 5
    step bench-8192-cuda-nodiff timeout 120 "$BENCH" --size 8192x8192 --device cuda --ssim --no-diff --repeat 5
    step bench-matrix timeout 300 "$BENCH" --matrix
    step bench-monitor timeout 30 "$BENCH" --monitor
fi
nvidia-smi --query-gpu=memory.used --format=csv
echo "=== summary"
grep -aE "^job |path=fused_end_to_end|transfer-check.*FAIL|bench checks|^\{\"size\"|=== .*: rc=" "$OUT/gpu.log" | grep -v "^+"
echo "=== overall status: $status"
exit $status
