#!/usr/bin/env python3
"""Pools the per-round ratios that Interleaved writes with -Dinterleaved.raw=FILE over several runs (forks).

    python3 bindery-bench/pool.py FILE

Prints per variant against its baseline: rounds, the median throughput ratio and the median CPU-time ratio, each with
its distribution-free 95% confidence interval (order statistics n/2 - 1.96 sqrt(n)/2 and 1 + n/2 + 1.96 sqrt(n)/2),
and the median extra bytes per operation.
"""
import math
import sys
from collections import OrderedDict


def median_ci(values):
    x = sorted(values)
    n = len(x)
    half = 1.96 * math.sqrt(n) / 2
    lo = max(0, math.floor(n / 2 - half) - 1)
    hi = min(n - 1, math.ceil(1 + n / 2 + half) - 1)
    return x[n // 2], x[lo], x[hi]


def main(path):
    rows = OrderedDict()
    with open(path) as f:
        for line in f:
            name, baseline, tp, cpu, extra = line.split()
            rows.setdefault((name, baseline), []).append((float(tp), float(cpu), float(extra)))
    print(f"{'variant':26} {'baseline':22} {'rounds':>6} {'median':>7} {'95% CI':>13} {'cpu med':>7} {'cpu 95% CI':>13} {'+B/op':>6}")
    for (name, baseline), samples in rows.items():
        if name == baseline:
            continue
        tp = median_ci([s[0] for s in samples])
        cpu = median_ci([s[1] for s in samples])
        extra = sorted(s[2] for s in samples)[len(samples) // 2]
        print(f"{name:26} {baseline:22} {len(samples):6d} {tp[0]:6.3f}x {tp[1]:.3f}-{tp[2]:.3f} "
              f"{cpu[0]:6.3f}x {cpu[1]:.3f}-{cpu[2]:.3f} {extra:+6.0f}")


if __name__ == "__main__":
    main(sys.argv[1])
