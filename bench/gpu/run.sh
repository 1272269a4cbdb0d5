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
step kernel-bench timeout 200 "$BUILD/bench/gpu/gpu_kernels_bench" 4096 8192 --iterations 5
if [ -x "$BUILD/bench/difflens-bench/difflens-bench" ]; then
    step difflens-bench-help timeout 20 "$BUILD/bench/difflens-bench/difflens-bench" --help
fi
nvidia-smi --query-gpu=memory.used --format=csv
echo "=== overall status: $status"
exit $status
