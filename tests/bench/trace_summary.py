#!/usr/bin/env python3
"""Summarizes a Chrome trace of `vaco bench step --profile FILE`: GPU kernels and host operators
per step, the kernels' busy time per step, and the kernels that take the most of it.

Usage: trace_summary.py TRACE.json --steps N [--top 15]
"""
import argparse
import collections
import json


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trace")
    ap.add_argument("--steps", type=int, required=True, help="the timed steps the trace holds (--steps of the bench)")
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    events = json.load(open(a.trace)).get("traceEvents", [])
    kernels = [e for e in events if e.get("ph") == "X" and e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset")]
    ops = [e for e in events if e.get("ph") == "X" and e.get("cat") == "cpu_op"]
    launches = [e for e in events if e.get("ph") == "X" and e.get("cat") == "cuda_runtime"]
    n = max(a.steps, 1)
    print(f"per step: {len(kernels) / n:.1f} GPU kernels/copies, {sum(k['dur'] for k in kernels) / n:.1f} us of them busy, "
          f"{len(ops) / n:.1f} host operators, {len(launches) / n:.1f} CUDA runtime calls")
    if kernels:
        first, last = min(k["ts"] for k in kernels), max(k["ts"] + k["dur"] for k in kernels)
        print(f"GPU span {(last - first) / n:.1f} us per step (first kernel's start to last kernel's end)")
    by = collections.defaultdict(lambda: [0, 0.0])
    for k in kernels:
        by[k["name"][:110]][0] += 1
        by[k["name"][:110]][1] += k["dur"]
    print(f"{'us/step':>9} {'n/step':>7}  kernel")
    for name, (cnt, dur) in sorted(by.items(), key=lambda kv: -kv[1][1])[: a.top]:
        print(f"{dur / n:9.1f} {cnt / n:7.1f}  {name}")
    top_ops = collections.Counter(o["name"] for o in ops)
    print("host operators per step: " + ", ".join(f"{name} {c / n:.1f}" for name, c in top_ops.most_common(a.top)))


if __name__ == "__main__":
    main()
