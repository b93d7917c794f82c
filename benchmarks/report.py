#!/usr/bin/env python3
"""Merges a GPU benchmark run into one results file, a markdown table and a
bandwidth plot.

    python3 benchmarks/report.py --run DIR [--out benchmarks] [--name h100]

Reads DIR/tilekit.json (gpu_bench), and DIR/anchors.json (anchors.py) and
DIR/pjrt.json (gpu_bench --pjrt-plugin) when present. Writes OUT/NAME.json
(one object per row), OUT/NAME.md (the table for BENCHMARKS.md) and
OUT/NAME_bandwidth.png (achieved bandwidth against context length).

Columns: `tilekit_ms` is the median time of the row; `gbps` the bytes the
kernel must move over that time; `roofline_frac` that bandwidth over the
measured device-to-device copy bandwidth (decode rows; for prefill rows,
the FLOP rate over the measured bf16 matmul rate, `roofline` says which);
`anchor`/`anchor_ms` the Pallas paged_attention time at the same shape
(`anchors` holds every anchor: Pallas, torch SDPA, tilekit's StableHLO on
JAX's CUDA PJRT plugin); `speedup_vs_dense` (Kascade rows) the dense
heuristic decode time over the Kascade time at the same B, L, BS.
Uses matplotlib when it is installed, else a small built-in PNG writer.
"""

import argparse
import json
import os
import struct
import sys
import zlib


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def key(r):
    return (r.get("B"), r.get("L"), r.get("BS"))


def merge(tk, anchors, pjrt):
    rows = tk["rows"]
    copy = next((r for r in rows if r["kernel"] == "dtod_copy" and r.get("ms")), None)
    copy_gbps = copy["bytes"] / (copy["ms"] * 1e-3) / 1e9 if copy else None
    arows = (anchors or {}).get("rows", [])
    mm = next((r for r in arows if r["kernel"] == "matmul" and r.get("ms")), None)
    mm_flops = mm["flops"] / (mm["ms"] * 1e-3) if mm else None
    by_anchor = {}
    for r in arows:
        if r["kernel"] == "paged_decode":
            by_anchor.setdefault(key(r), {})[r["anchor"]] = r.get("ms")
    for r in (pjrt or {}).get("rows", []):
        by_anchor.setdefault(key(r), {})["tilekit_stablehlo_pjrt_gpu"] = r.get("ms")
    dense = {key(r): r.get("ms") for r in rows
             if r["kernel"] == "paged_decode" and r["variant"] == "heuristic"}
    out = []
    for r in rows:
        ms = r.get("ms")
        gbps = r["bytes"] / (ms * 1e-3) / 1e9 if ms else None
        m = {
            "kernel": r["kernel"], "variant": r["variant"], "B": r.get("B"), "L": r.get("L"),
            "BS": r.get("BS"), "splits": r.get("splits"), "stages": r.get("stages"),
            "status": r["status"], "error": r.get("error"), "tilekit_ms": ms, "gbps": gbps,
            "roofline": None, "roofline_frac": None, "anchor": None, "anchor_ms": None,
            "anchors": {}, "speedup_vs_dense": None, "check": r.get("check"),
        }
        if r["kernel"] == "flash_attention":
            m["roofline"] = "compute"
            if ms and mm_flops:
                m["roofline_frac"] = r["flops"] / (ms * 1e-3) / mm_flops
        elif r["kernel"] != "dtod_copy":
            m["roofline"] = "bandwidth"
            if gbps and copy_gbps:
                m["roofline_frac"] = gbps / copy_gbps
        if r["kernel"] in ("paged_decode", "kascade_decode"):
            a = by_anchor.get(key(r), {})
            m["anchors"] = a
            m["anchor"] = "pallas_paged_attention"
            m["anchor_ms"] = a.get("pallas_paged_attention")
        if r["kernel"] == "kascade_decode" and ms and dense.get(key(r)):
            m["speedup_vs_dense"] = dense[key(r)] / ms
        out.append(m)
    return out, copy_gbps


def fmt(x, spec):
    return "—" if x is None else format(x, spec)


def markdown(rows, copy_gbps, measured):
    lines = []
    if not measured:
        lines.append("No row of this run was timed (a dry run, or every row failed); "
                     "the table lists the planned rows and their status.")
        lines.append("")
    lines.append(f"Copy bandwidth (roofline): {fmt(copy_gbps, '.0f')} GB/s")
    lines.append("")
    lines.append("| kernel | variant | B | L | BS | splits | tilekit ms | GB/s | roofline | "
                 "anchor ms (Pallas) | speedup vs dense | status |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r["kernel"] == "dtod_copy":
            continue
        status = r["status"] if r["status"] in ("ok", "dry_run") else f"{r['status']}: {(r['error'] or '')[:80]}"
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["kernel"], r["variant"], r["B"], r["L"], r["BS"] or "—", r["splits"] or "—",
            fmt(r["tilekit_ms"], ".4f"), fmt(r["gbps"], ".0f"), fmt(r["roofline_frac"], ".2f"),
            fmt(r["anchor_ms"], ".4f"), fmt(r["speedup_vs_dense"], ".2f"), status.replace("|", "/")))
    return "\n".join(lines) + "\n"


def series(rows):
    """(label, [(L, GB/s)]) for dense heuristic decode per (B, BS)."""
    out = {}
    for r in rows:
        if r["kernel"] == "paged_decode" and r["variant"] == "heuristic" and r["gbps"]:
            out.setdefault(f"B{r['B']} BS{r['BS']}", []).append((r["L"], r["gbps"]))
    return {k: sorted(v) for k, v in out.items()}


def plot_matplotlib(path, data, copy_gbps, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, pts in data.items():
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    if copy_gbps:
        ax.axhline(copy_gbps, color="k", linestyle="--", label="device copy")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("context length L (tokens)")
    ax.set_ylabel("achieved bandwidth (GB/s, KV bytes read)")
    ax.set_title(title)
    if data or copy_gbps:
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
          (148, 103, 189), (140, 86, 75), (227, 119, 194), (127, 127, 127)]


def write_png(path, pixels, w, h):
    """A truecolour PNG from rows of (r, g, b) tuples: signature, IHDR,
    one zlib-compressed IDAT (filter 0 per row), IEND."""
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def plot_builtin(path, data, copy_gbps):
    """Axes, one coloured polyline per series and a dashed copy line; no
    text (the legend order is the series order printed by main)."""
    import math
    w, h, m = 640, 400, 40
    px = [[(255, 255, 255)] * w for _ in range(h)]
    def put(x, y, c):
        if 0 <= x < w and 0 <= y < h:
            px[y][x] = c
    for x in range(m, w - m):
        put(x, h - m, (0, 0, 0))
    for y in range(m, h - m):
        put(m, y, (0, 0, 0))
    pts = [p for s in data.values() for p in s]
    ymax = max([p[1] for p in pts] + [copy_gbps or 0, 1.0]) * 1.1
    xs = [math.log2(p[0]) for p in pts] or [10.0, 17.0]
    x0, x1 = min(xs), max(max(xs), min(xs) + 1)
    to = lambda L, g: (int(m + (math.log2(L) - x0) / (x1 - x0) * (w - 2 * m)),
                       int(h - m - g / ymax * (h - 2 * m)))
    def line(a, b, c):
        n = max(abs(b[0] - a[0]), abs(b[1] - a[1]), 1)
        for i in range(n + 1):
            put(a[0] + (b[0] - a[0]) * i // n, a[1] + (b[1] - a[1]) * i // n, c)
    for i, s in enumerate(data.values()):
        c = COLORS[i % len(COLORS)]
        q = [to(*p) for p in s]
        for a, b in zip(q, q[1:]):
            line(a, b, c)
        for x, y in q:
            for dx in range(-2, 3):
                for dy in range(-2, 3):
                    put(x + dx, y + dy, c)
    if copy_gbps:
        y = to(2 ** x0, copy_gbps)[1]
        for x in range(m, w - m):
            if (x // 6) % 2 == 0:
                put(x, y, (0, 0, 0))
    write_png(path, px, w, h)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", required=True, help="the directory gpu_bench wrote")
    p.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--name", default="h100")
    p.add_argument("--builtin-png", action="store_true", help="skip matplotlib")
    args = p.parse_args()
    tk = load(os.path.join(args.run, "tilekit.json"))
    if tk is None:
        sys.exit(f"report.py: {args.run}/tilekit.json not found (run gpu_bench first)")
    rows, copy_gbps = merge(tk, load(os.path.join(args.run, "anchors.json")),
                            load(os.path.join(args.run, "pjrt.json")))
    measured = any(r["tilekit_ms"] for r in rows)
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, args.name)
    meta = {"device": tk.get("device"), "timer": tk.get("timer"), "dry_run": tk.get("dry_run"),
            "copy_gbps": copy_gbps, "measured": measured, "rows": rows}
    with open(base + ".json", "w") as f:
        json.dump(meta, f, indent=1)
    with open(base + ".md", "w") as f:
        f.write(markdown(rows, copy_gbps, measured))
    data = series(rows)
    png = base + "_bandwidth.png"
    try:
        if args.builtin_png:
            raise ImportError("--builtin-png")
        plot_matplotlib(png, data, copy_gbps, f"paged decode on {tk.get('device')}")
        how = "matplotlib"
    except ImportError:
        plot_builtin(png, data, copy_gbps)
        how = "built-in PNG writer; series colours in order: " + ", ".join(data) if data else "built-in PNG writer"
    print(f"report.py: {len(rows)} rows ({sum(1 for r in rows if r['tilekit_ms'])} timed) -> "
          f"{base}.json, {base}.md, {png} ({how})")


if __name__ == "__main__":
    main()
