#!/usr/bin/env bash
# The GPU benchmark (issue #9): tilekit's paged decode, Kascade decode and
# flash attention on CUDA beside a device copy, JAX Pallas paged_attention,
# torch SDPA and a bf16 matmul, merged into benchmarks/h100.{json,md} and a
# bandwidth plot.
#
# GPU machines have no Rust toolchain, so the binary is built here and
# carried there with the Python scripts:
#
#   scripts/gpu-bench.sh build            # CPU machine: target/gpu-bench/gpu_bench
#   scripts/gpu-bench.sh run [OUT]        # GPU machine: results under OUT (default target/gpu-bench/run)
#
# Every step prints a line per row. Extra gpu_bench flags go in
# GPU_BENCH_ARGS (e.g. "--only BS16 --iters 50").
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
    cargo build --release --features cuda --example gpu_bench
    mkdir -p target/gpu-bench
    cp "${CARGO_TARGET_DIR:-target}/release/examples/gpu_bench" target/gpu-bench/
    echo "built target/gpu-bench/gpu_bench; carry target/gpu-bench, benchmarks/ and scripts/ to the GPU machine"
}

# JAX's CUDA PJRT plugin inside the installed jax plugin package.
find_plugin() {
    python3 - <<'PY' 2>/dev/null
import glob, os
import jax_plugins
for d in jax_plugins.__path__:
    for f in glob.glob(os.path.join(d, "*cuda*", "*.so")):
        if "pjrt" in os.path.basename(f) or "plugin" in os.path.basename(f):
            print(f)
            raise SystemExit
PY
}

run() {
    local out="${1:-target/gpu-bench/run}"
    local bin="target/gpu-bench/gpu_bench"
    if [ ! -x "$bin" ]; then
        echo "gpu-bench: $bin not found; build it with 'scripts/gpu-bench.sh build' on a machine with Rust" >&2
        exit 1
    fi
    mkdir -p "$out"
    nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader || true
    echo "== tilekit on CUDA (CUDA events)"
    "$bin" --out "$out" ${GPU_BENCH_ARGS:-}
    local plugin
    if plugin="$(find_plugin)" && [ -n "$plugin" ]; then
        echo "== tilekit's StableHLO on JAX's CUDA PJRT plugin ($plugin)"
        # A separate process: the PJRT client and the CUDA benchmark each
        # want the GPU's memory.
        "$bin" --out "$out" --pjrt-plugin "$plugin" ${GPU_BENCH_ARGS:-} || echo "gpu-bench: the PJRT rows failed (see above); continuing"
    else
        echo "gpu-bench: JAX's CUDA PJRT plugin not found under jax_plugins; no PJRT rows"
    fi
    echo "== anchors (torch matmul, torch SDPA, JAX Pallas paged_attention)"
    python3 benchmarks/anchors.py --run "$out"
    echo "== report"
    python3 benchmarks/report.py --run "$out" --out "$out/report"
    echo "gpu-bench: results in $out/report (copy h100.json, h100.md and h100_bandwidth.png into benchmarks/)"
}

case "${1:-}" in
    build) build ;;
    run) shift; run "$@" ;;
    *) echo "usage: $0 build | run [OUT]" >&2; exit 2 ;;
esac
