#!/usr/bin/env python3
"""Turns JMH JSON (docs/bench/<name>.json) into the Markdown tables of docs/benchmarks.md.

    python3 bindery-bench/report.py docs/bench/quick.json

One table per benchmark class: score, error (99.9%), unit, ratio to the class's baseline (`raw` for throughput,
`routeDefault` has none), and with -prof gc the allocation per operation and the bytes over the baseline.
"""
import json
import sys
from collections import OrderedDict

BASELINES = {"RoutingOverheadBenchmark": "raw"}


def fmt(value, digits=3):
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:,.{digits}f}"


def main(path):
    with open(path) as f:
        results = json.load(f)
    classes = OrderedDict()
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        classes.setdefault(cls, []).append((method, r))
    first = results[0]
    print(f"<!-- from {path}: JMH {first['jmhVersion']}, {first['vmName']} {first['vmVersion']}, "
          f"forks {first['forks']}, warm-up {first['warmupIterations']} x {first['warmupTime']}, "
          f"measurement {first['measurementIterations']} x {first['measurementTime']}, threads {first['threads']} -->")
    for cls, rows in classes.items():
        baseline_name = BASELINES.get(cls)
        baseline = next((r for m, r in rows if m == baseline_name), None)
        base_score = baseline["primaryMetric"]["score"] if baseline else None
        base_alloc = alloc(baseline) if baseline else None
        print(f"\n**{cls}**\n")
        if baseline:
            print(f"| benchmark | score | error (99.9%) | unit | ratio to {baseline_name} | error / score | B/op | extra B/op |")
            print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
        else:
            print("| benchmark | score | error (99.9%) | unit | error / score | B/op |")
            print("| --- | ---: | ---: | --- | ---: | ---: |")
        order = sorted(rows, key=lambda mr: (mr[0] != baseline_name, -mr[1]["primaryMetric"]["score"]
                                             if mr[1]["mode"] == "thrpt" else mr[1]["primaryMetric"]["score"]))
        for method, r in order:
            pm = r["primaryMetric"]
            score, error, unit = float(pm["score"]), float(pm["scoreError"]), pm["scoreUnit"]
            rel = f"±{100 * error / score:.0f}%" if score and error == error else "–"
            a = alloc(r)
            if baseline:
                ratio = f"{score / base_score:.2f}×" if base_score else "–"
                extra = f"{a - base_alloc:+.0f}" if a is not None and base_alloc is not None else "–"
                print(f"| `{method}` | {fmt(score)} | ±{fmt(error)} | {unit} | {ratio} | {rel} | {fmt(a, 0)} | {extra} |")
            else:
                print(f"| `{method}` | {fmt(score)} | ±{fmt(error)} | {unit} | {rel} | {fmt(a, 0)} |")


def alloc(r):
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return float(m["score"]) if m else None


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/bench/quick.json")
