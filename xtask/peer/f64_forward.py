#!/usr/bin/env python3
"""An exact (float64) forward of the GGUF llama model, and the floor of the llama.cpp peer.

llama.cpp quantizes activations to 8 bits inside its Q4_1/Q8_0 dot products, so even a perfect
implementation differs from it. This script measures that floor: it dequantizes every weight of
the GGUF file to float64, runs a plain numpy forward (RMSNorm, adjacent-pair RoPE, causal GQA
attention, SiLU-gated MLP, tied LM head) teacher-forced over the prompts of a logits file written
by `llama_peer.py logits`, and compares llama.cpp's logits with it, prompt by prompt:

    python3 xtask/peer/f64_forward.py --model SmolLM2-135M-Instruct.Q4_1.gguf \
        --logits llama.safetensors [--summary floor.json]

Needs numpy and the `gguf` package (its reader only: the dequantization is written out here, so
it checks the block layouts independently of ggml). `compare` is the metric every peer check uses
(top-1 agreement, KL(reference || test) with llama.cpp the reference, max |logit difference|).
"""

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llama_peer import read_safetensors  # noqa: E402

# ggml type ids (gguf.GGMLQuantizationType) of the three types this model uses.
F32, Q4_1, Q8_0 = 0, 3, 8


def dequantize(tensor):
    """A GGUF tensor as a float64 row-major [rows, K] (or 1-D) array."""
    t = int(tensor.tensor_type)
    data = np.asarray(tensor.data)
    # GGUF lists dims innermost first; numpy wants them outermost first.
    shape = [int(d) for d in reversed(tensor.shape)]
    if t == F32:
        return data.astype(np.float64).reshape(shape)
    if t == Q4_1:
        # 20 bytes per 32 weights: f16 d, f16 m, 16 bytes of nibbles (low nibbles are weights
        # 0..16, high nibbles 16..32).
        b = data.reshape(-1, 20)
        d = b[:, 0:2].copy().view(np.float16).astype(np.float64)
        m = b[:, 2:4].copy().view(np.float16).astype(np.float64)
        qs = b[:, 4:20]
        q = np.concatenate([qs & 0xF, qs >> 4], axis=1).astype(np.float64)
        return (d * q + m).reshape(shape)
    if t == Q8_0:
        # 34 bytes per 32 weights: f16 d, 32 int8.
        b = data.reshape(-1, 34)
        d = b[:, 0:2].copy().view(np.float16).astype(np.float64)
        q = b[:, 2:34].copy().view(np.int8).astype(np.float64)
        return (d * q).reshape(shape)
    raise ValueError(f"{tensor.name}: ggml type {t} is not one this model uses")


def load(path):
    """(config, weights) of a llama-architecture GGUF file, weights dequantized to float64."""
    import gguf

    reader = gguf.GGUFReader(path)

    def field(key):
        f = reader.fields[key]
        return f.parts[f.data[0]][0].item()

    cfg = {
        "layers": field("llama.block_count"),
        "heads": field("llama.attention.head_count"),
        "kv_heads": field("llama.attention.head_count_kv"),
        "eps": field("llama.attention.layer_norm_rms_epsilon"),
        "rope_base": field("llama.rope.freq_base"),
    }
    weights = {t.name: dequantize(t) for t in reader.tensors}
    return cfg, weights


def rms_norm(x, w, eps):
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps) * w


def rope(x, base):
    """llama.cpp's "normal" RoPE: adjacent pairs (x[2i], x[2i+1]) turned by pos * base^(-2i/d).

    x: [positions, heads, d].
    """
    n, _, d = x.shape
    angle = np.arange(n)[:, None] * base ** (-np.arange(0, d, 2) / d)[None, :]
    cos = np.cos(angle)[:, None, :].astype(x.dtype)
    sin = np.sin(angle)[:, None, :].astype(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = a * cos - b * sin
    out[..., 1::2] = a * sin + b * cos
    return out


def forward(cfg, w, tokens):
    """Logits [len(tokens), vocab], every position causal over the ones before it.

    Computes in the weights' dtype: float64 is the exact forward, float32 what an f32
    implementation of the same weights gives (summation order aside).
    """
    n = len(tokens)
    emb = w["token_embd.weight"]  # [vocab, dim]; also the LM head (no output.weight)
    x = emb[np.asarray(tokens)]
    h, kvh, eps = cfg["heads"], cfg["kv_heads"], cfg["eps"]
    mask = np.triu(np.full((n, n), -np.inf), k=1).astype(x.dtype)
    for layer in range(cfg["layers"]):
        p = f"blk.{layer}."
        a = rms_norm(x, w[p + "attn_norm.weight"], eps)
        q = (a @ w[p + "attn_q.weight"].T).reshape(n, h, -1)
        k = (a @ w[p + "attn_k.weight"].T).reshape(n, kvh, -1)
        v = (a @ w[p + "attn_v.weight"].T).reshape(n, kvh, -1)
        q, k = rope(q, cfg["rope_base"]), rope(k, cfg["rope_base"])
        # GQA: query head i reads KV head i // (heads / kv_heads), as llama.cpp broadcasts.
        k = np.repeat(k, h // kvh, axis=1)
        v = np.repeat(v, h // kvh, axis=1)
        s = np.einsum("qhd,khd->hqk", q, k) / x.dtype.type(np.sqrt(q.shape[-1])) + mask
        s = np.exp(s - s.max(axis=-1, keepdims=True))
        s /= s.sum(axis=-1, keepdims=True)
        o = np.einsum("hqk,khd->qhd", s, v).reshape(n, -1)
        x = x + o @ w[p + "attn_output.weight"].T
        f = rms_norm(x, w[p + "ffn_norm.weight"], eps)
        g = f @ w[p + "ffn_gate.weight"].T
        u = f @ w[p + "ffn_up.weight"].T
        x = x + (g / (1 + np.exp(-g)) * u) @ w[p + "ffn_down.weight"].T
    return rms_norm(x, w["output_norm.weight"], eps) @ emb.T


def log_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


# A position is decisive when the reference's two largest logits are at least this far apart;
# llama.cpp's 8-bit activations flip near-ties only (every flip measured: gap under 0.17).
DECISIVE_GAP = 0.5


def compare(reference, test):
    """Per-position agreement of `test` logits with `reference` logits ([positions, vocab])."""
    lr, lt = log_softmax(reference), log_softmax(test)
    kl = (np.exp(lr) * (lr - lt)).sum(axis=-1)
    top2 = np.sort(reference, axis=-1)[:, -2:]
    decisive = top2[:, 1] - top2[:, 0] >= DECISIVE_GAP
    same = reference.argmax(-1) == test.argmax(-1)
    return {
        "positions": int(len(kl)),
        "top1": float(same.mean()),
        "decisive": int(decisive.sum()),
        "decisive_top1": float(same[decisive].mean()),
        "mean_kl": float(kl.mean()),
        "max_kl": float(kl.max()),
        "max_abs_logit_diff": float(np.abs(reference - test).max()),
    }


def print_table(title, rows):
    print(title)
    print(
        f"{'prompt':>6} {'positions':>9} {'top-1':>7} {'decisive':>8} {'top-1':>7} {'mean KL':>9} {'max KL':>9} "
        f"{'max |dlogit|':>12}"
    )
    for i, r in enumerate(rows):
        print(
            f"{i:>6} {r['positions']:>9} {100 * r['top1']:>6.1f}% {r['decisive']:>8} {100 * r['decisive_top1']:>6.1f}% "
            f"{r['mean_kl']:>9.2e} "
            f"{r['max_kl']:>9.2e} {r['max_abs_logit_diff']:>12.3f}"
        )
    n = sum(r["positions"] for r in rows)
    top1 = sum(r["top1"] * r["positions"] for r in rows) / n
    mean_kl = sum(r["mean_kl"] * r["positions"] for r in rows) / n
    nd = sum(r["decisive"] for r in rows)
    dtop1 = sum(r["decisive_top1"] * r["decisive"] for r in rows) / nd
    print(
        f"{'all':>6} {n:>9} {100 * top1:>6.1f}% {nd:>8} {100 * dtop1:>6.1f}% {mean_kl:>9.2e} "
        f"{max(r['max_kl'] for r in rows):>9.2e} "
        f"{max(r['max_abs_logit_diff'] for r in rows):>12.3f}"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="the GGUF file")
    ap.add_argument("--logits", required=True, help="llama_peer.py logits output (safetensors)")
    ap.add_argument("--summary", help="write the per-prompt figures here as JSON")
    ap.add_argument("--f32", action="store_true", help="also an f32 forward, against both")
    args = ap.parse_args()

    start = time.perf_counter()
    cfg, weights = load(args.model)
    print(f"f64 forward: {len(weights)} tensors dequantized in {time.perf_counter() - start:.1f}s")
    peer = read_safetensors(args.logits)
    w32 = {k: v.astype(np.float32) for k, v in weights.items()} if args.f32 else None
    rows, f32_rows, f32_exact_rows = [], [], []
    for i in range(len([k for k in peer if k.startswith("tokens.")])):
        tokens = peer[f"tokens.{i}"].tolist()
        exact = forward(cfg, weights, tokens)
        # llama.cpp is the reference, as in `cargo xtask model-check`: KL(llama.cpp || exact).
        rows.append(compare(peer[f"logits.{i}"], exact))
        if w32 is not None:
            f32 = forward(cfg, w32, tokens).astype(np.float64)
            f32_rows.append(compare(peer[f"logits.{i}"], f32))
            f32_exact_rows.append(compare(exact, f32))
    print_table("the exact f64 forward against llama.cpp (teacher-forced; KL(llama.cpp || exact)):", rows)
    if w32 is not None:
        print_table("an f32 forward against llama.cpp (KL(llama.cpp || f32)):", f32_rows)
        print_table("an f32 forward against the exact one (KL(exact || f32)):", f32_exact_rows)
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump({"exact": rows, "f32": f32_rows, "f32_vs_exact": f32_exact_rows}, f, indent=1)


if __name__ == "__main__":
    main()
