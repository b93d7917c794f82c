#!/usr/bin/env python3
"""Anchor measurements for the GPU benchmark, on the inputs gpu_bench saved.

Runs on the GPU machine after `gpu_bench` (no Rust needed there):

    python3 benchmarks/anchors.py --run DIR [--warmup 5] [--iters 20]
        [--skip-pallas] [--skip-sdpa] [--only SUBSTRING]

Reads DIR/tilekit.json (the rows gpu_bench ran) and DIR/inputs/ (the chunk
of random K/V pages and each case's q, block tables and lengths), rebuilds
the same KV cache on the GPU (page p holds chunk page p mod C), and times:

- a bf16 8192^3 matmul through torch (the compute roofline);
- JAX Pallas GPU paged_attention (jax.experimental.pallas.ops.gpu) on the
  paged cache in its head-major layout [Hkv, NB, BS, D];
- torch scaled_dot_product_attention on contiguous K/V gathered from the
  pages (enable_gqa), one query per sequence.

torch is timed with CUDA events (median of --iters after --warmup); JAX
with a wall clock around block_until_ready (XLA launches are asynchronous;
the clock is read after the device finishes). Writes DIR/anchors.json; a
row that cannot run (no memory, an unsupported shape) carries its reason.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

# JAX must not take 75% of the GPU up front: torch shares the device.
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")

HQ, HKV, D = 32, 8, 128


def log(msg):
    print(msg, flush=True)


def row(kernel, anchor, **kw):
    r = {"kernel": kernel, "anchor": anchor, "status": "ok", "error": None,
         "ms": None, "ms_samples": []}
    r.update(kw)
    return r


def torch_time(torch, fn, warmup, iters):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    out = []
    for _ in range(iters):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        out.append(a.elapsed_time(b))
    return out


def jax_time(fn, warmup, iters):
    for _ in range(warmup):
        fn().block_until_ready()
    out = []
    for _ in range(iters):
        t = time.perf_counter()
        fn().block_until_ready()
        out.append((time.perf_counter() - t) * 1e3)
    return out


def finish(r, samples):
    r["ms_samples"] = samples
    r["ms"] = statistics.median(samples)
    return r


def matmul(torch, args):
    n = 8192
    r = row("matmul", "torch.matmul bf16 8192^3", flops=2.0 * n ** 3, B=1, L=n)
    try:
        a = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
        b = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
        finish(r, torch_time(torch, lambda: a @ b, args.warmup, args.iters))
        r["tflops"] = r["flops"] / (r["ms"] * 1e-3) / 1e12
    except Exception as e:  # a failed anchor is a row with its reason
        r.update(status="error", error=f"{type(e).__name__}: {e}")
    return r


def load_case(torch, run_dir, tk_row):
    from safetensors.torch import load_file
    inputs = os.path.join(run_dir, "inputs")
    case = load_file(os.path.join(inputs, tk_row["inputs"]), device="cuda")
    chunk = load_file(os.path.join(inputs, f"chunk_BS{tk_row['BS']}.safetensors"), device="cuda")
    return case, chunk


def sdpa(torch, case, chunk, tk_row, args):
    import torch.nn.functional as F
    b, length, bs = tk_row["B"], tk_row["L"], tk_row["BS"]
    r = row("paged_decode", "torch_sdpa", B=b, L=length, BS=bs)
    need = 2 * b * length * HKV * D * 2 * 1.3
    free, _ = torch.cuda.mem_get_info()
    if need > free:
        r.update(status="skipped", error=f"skipped: contiguous K/V need {need / 1e9:.1f} GB, {free / 1e9:.1f} GB free")
        return r
    try:
        c = chunk["k_chunk"].shape[0]
        pages = (case["block_tables"].long() % c)  # [B, MB]
        def contiguous(name):
            x = chunk[name][pages]  # [B, MB, BS, Hkv, D]
            x = x.reshape(b, -1, HKV, D)[:, :length]
            return x.transpose(1, 2).contiguous()  # [B, Hkv, L, D]
        k, v = contiguous("k_chunk"), contiguous("v_chunk")
        q = case["q"].reshape(b, HQ, 1, D)
        fn = lambda: F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
        finish(r, torch_time(torch, fn, args.warmup, args.iters))
        r["o_seq0"] = fn()[0, :, 0, :].float().cpu().flatten()[:8].tolist()
        del k, v
    except Exception as e:
        r.update(status="error", error=f"{type(e).__name__}: {e}")
    torch.cuda.empty_cache()
    return r


def pallas_splits(mb):
    """k_splits dividing the table width, and pages per compute block
    dividing the pages per split (the kernel's two assertions)."""
    k_splits = next(s for s in (16, 8, 4, 2, 1) if mb % s == 0)
    per = mb // k_splits
    ppcb = next(p for p in (8, 4, 2, 1) if per % p == 0)
    return k_splits, ppcb


def pallas(torch, case, chunk, tk_row, args):
    b, length, bs = tk_row["B"], tk_row["L"], tk_row["BS"]
    r = row("paged_decode", "pallas_paged_attention", B=b, L=length, BS=bs)
    try:
        import jax
        import jax.numpy as jnp
        from jax.experimental.pallas.ops.gpu.paged_attention import paged_attention
    except Exception as e:
        r.update(status="error", error=f"cannot import Pallas GPU paged_attention: {e}")
        return r
    try:
        tables = case["block_tables"].cpu().numpy()
        mb = tables.shape[1]
        nb = b * mb + 1
        # Head-major pages [Hkv, NB, BS, D], page p = chunk page p mod C.
        def pages(name):
            hm = jnp.asarray(chunk[name].float().cpu().numpy()).astype(jnp.bfloat16)
            hm = jnp.transpose(hm, (2, 0, 1, 3))  # [Hkv, C, BS, D]
            reps = math.ceil(nb / hm.shape[1])
            return jnp.tile(hm, (1, reps, 1, 1))[:, :nb]
        k_pages, v_pages = pages("k_chunk"), pages("v_chunk")
        # The kernel applies no softmax scale: scale q as tilekit does.
        q = jnp.asarray(case["q"].float().cpu().numpy() / math.sqrt(D)).astype(jnp.bfloat16)
        bt = jnp.asarray(tables, dtype=jnp.int32)
        lens = jnp.asarray(case["context_lens"].cpu().numpy(), dtype=jnp.int32)
        k_splits, ppcb = pallas_splits(mb)
        r.update(k_splits=k_splits, pages_per_compute_block=ppcb)
        fn = jax.jit(lambda q, kp, vp, bt, ln: paged_attention(
            q, kp, vp, bt, ln, k_splits=k_splits, pages_per_compute_block=ppcb))
        call = lambda: fn(q, k_pages, v_pages, bt, lens)
        finish(r, jax_time(call, args.warmup, args.iters))
        r["o_seq0"] = [float(x) for x in call()[0].astype(jnp.float32).reshape(-1)[:8]]
        for a in (k_pages, v_pages):
            a.delete()
    except Exception as e:
        r.update(status="error", error=f"{type(e).__name__}: {str(e)[:500]}")
    return r


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", required=True, help="gpu_bench's --out directory")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--iters", type=int, default=20)
    p.add_argument("--only", default=None)
    p.add_argument("--skip-pallas", action="store_true")
    p.add_argument("--skip-sdpa", action="store_true")
    args = p.parse_args()
    import torch
    if not torch.cuda.is_available():
        sys.exit("anchors.py: no CUDA device visible to torch")
    with open(os.path.join(args.run, "tilekit.json")) as f:
        tk = json.load(f)
    cases = [r for r in tk["rows"] if r["kernel"] == "paged_decode" and r["variant"] == "heuristic"
             and r.get("inputs") and r["status"] == "ok"
             and (args.only is None or args.only in r["inputs"])]
    out = {"tool": "benchmarks/anchors.py", "device": torch.cuda.get_device_name(0),
           "timer": f"torch: cuda events; jax: wall clock after block_until_ready; "
                    f"{args.warmup} warm-up, median of {args.iters}",
           "rows": []}
    path = os.path.join(args.run, "anchors.json")
    total = 1 + len(cases) * (2 - args.skip_pallas - args.skip_sdpa)

    def push(r):
        out["rows"].append(r)
        shape = f"B {r.get('B')} L {r.get('L')} BS {r.get('BS')}"
        what = f"{r['ms']:.4f} ms" if r["status"] == "ok" else f"{r['status']}: {r['error']}"
        log(f"[{len(out['rows'])}/{total}] {r['anchor']} {shape}: {what}")
        with open(path + ".tmp", "w") as f:
            json.dump(out, f, indent=1)
        os.replace(path + ".tmp", path)

    push(matmul(torch, args))
    for tk_row in cases:
        case, chunk = load_case(torch, args.run, tk_row)
        if not args.skip_sdpa:
            push(sdpa(torch, case, chunk, tk_row, args))
        if not args.skip_pallas:
            push(pallas(torch, case, chunk, tk_row, args))
        del case, chunk
        torch.cuda.empty_cache()
    log(f"anchors.py: {len(out['rows'])} rows in {path}")


if __name__ == "__main__":
    main()
