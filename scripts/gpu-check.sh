#!/usr/bin/env bash
# The GPU check: every shipped kernel on CUDA against the CPU interpreter and
# the f64 reference, then compute-sanitizer memcheck and racecheck.
#
# GPU machines have no Rust toolchain, so the binary is built here and
# carried there (it loads libcuda at run time; the CPU machine's glibc is the
# older one, so it runs on the GPU machine):
#
#   scripts/gpu-check.sh build        # on the CPU machine: target/gpu-check/gpu_check
#   scripts/gpu-check.sh run [DIR]    # on the GPU machine (DIR defaults to target/gpu-check)
#
# `run` exits non-zero if any kernel mismatches or a sanitizer reports an
# error, and fails (does not skip) when compute-sanitizer is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
    cargo build --release --features cuda --example gpu_check
    mkdir -p target/gpu-check
    cp "${CARGO_TARGET_DIR:-target}/release/examples/gpu_check" target/gpu-check/
    echo "built target/gpu-check/gpu_check; carry target/gpu-check to the GPU machine"
}

find_sanitizer() {
    if command -v compute-sanitizer >/dev/null 2>&1; then
        command -v compute-sanitizer
        return
    fi
    for d in /usr/local/cuda/bin /usr/local/cuda-*/bin /opt/cuda/bin; do
        if [ -x "$d/compute-sanitizer" ]; then
            echo "$d/compute-sanitizer"
            return
        fi
    done
    return 1
}

run() {
    local dir="${1:-target/gpu-check}"
    local bin="$dir/gpu_check"
    if [ ! -x "$bin" ]; then
        echo "gpu-check: $bin not found; build it with 'scripts/gpu-check.sh build' on a machine with Rust" >&2
        exit 1
    fi
    nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader || true
    echo "== kernels on CUDA vs interpreter and reference"
    "$bin"
    local sanitizer
    if ! sanitizer="$(find_sanitizer)"; then
        echo "gpu-check: compute-sanitizer not found (PATH, /usr/local/cuda*/bin); it ships with the CUDA toolkit" >&2
        exit 1
    fi
    for tool in memcheck racecheck; do
        echo "== compute-sanitizer --tool $tool (one case per kernel)"
        "$sanitizer" --tool "$tool" --error-exitcode 99 "$bin" --quick
    done
    echo "gpu-check: all kernels match, sanitizers clean"
}

case "${1:-}" in
    build) build ;;
    run) shift; run "$@" ;;
    *) echo "usage: $0 build | run [DIR]" >&2; exit 2 ;;
esac
