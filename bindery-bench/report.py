#!/usr/bin/env python3
"""Turns JMH JSON (docs/bench/<name>.json) into the Markdown tables of docs/benchmarks.md.

    python3 bindery-bench/report.py docs/bench/quick.json

One table per benchmark class: score, error (99.9%), unit, ratio to the row's baseline (same class, same run;
for time modes the ratio is of times, so lower is better), and with -prof gc the allocation per operation and the
bytes over the baseline. Benchmarks with @Param values are named `method[param=value]`.
"""
import json
import sys
from collections import OrderedDict

# Per class: the baseline of every row, or a dict from row to its own baseline (rows not listed: no ratio).
BASELINES = {
    "RoutingOverheadBenchmark": "raw",
    "SessionOverheadBenchmark": {
        "routingFindPrimary": "hibernateFindPrimary", "plainFactoryFind": "hibernateFindPrimary",
        "hibernateFindPrimary": "hibernateFindPrimary",
        "routingFindReplica": "hibernateFindReplica", "hibernateFindReplica": "hibernateFindReplica",
        "routingQueryPrimary": "hibernateQueryPrimary", "hibernateQueryPrimary": "hibernateQueryPrimary",
        "routingQueryReplica": "hibernateQueryReplica", "hibernateQueryReplica": "hibernateQueryReplica",
    },
    "ReplicaReadBenchmark": "primaryOnly",
    "CheckedDecisionBenchmark": "routeReadPlain",
    "DatabaseBuildBenchmark": "buildAndClose[replicas=0]",
}


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
        if r.get("params"):
            method += "[" + ",".join(f"{k}={v}" for k, v in r["params"].items()) + "]"
        classes.setdefault(cls, []).append((method, r))
    first = results[0]
    print(f"<!-- from {path}: JMH {first['jmhVersion']}, {first['vmName']} {first['vmVersion']}, "
          f"forks {first['forks']}, warm-up {first['warmupIterations']} x {first['warmupTime']}, "
          f"measurement {first['measurementIterations']} x {first['measurementTime']}, threads {first['threads']} -->")
    for cls, rows in classes.items():
        spec = BASELINES.get(cls)
        by_name = dict(rows)
        base_of = (lambda m: spec.get(m)) if isinstance(spec, dict) else (lambda m: spec)
        with_ratio = spec is not None
        print(f"\n**{cls}**\n")
        if with_ratio:
            print("| benchmark | score | error (99.9%) | unit | ratio | to | error / score | B/op | extra B/op |")
            print("| --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: |")
        else:
            print("| benchmark | score | error (99.9%) | unit | error / score | B/op |")
            print("| --- | ---: | ---: | --- | ---: | ---: |")
        for method, r in rows:
            pm = r["primaryMetric"]
            score, error, unit = float(pm["score"]), float(pm["scoreError"]), pm["scoreUnit"]
            rel = f"±{100 * error / score:.0f}%" if score and error == error else "–"
            a = alloc(r)
            if with_ratio:
                bname = base_of(method)
                base = by_name.get(bname)
                if base is None or bname == method:
                    ratio, to, extra = ("1.00×" if bname == method else "–"), "", ("0" if bname == method and a is not None else "–")
                else:
                    ratio = f"{score / float(base['primaryMetric']['score']):.2f}×"
                    to = f"`{bname}`"
                    ba = alloc(base)
                    extra = f"{a - ba:+.0f}" if a is not None and ba is not None else "–"
                print(f"| `{method}` | {fmt(score)} | ±{fmt(error)} | {unit} | {ratio} | {to} | {rel} | {fmt(a, 0)} | {extra} |")
            else:
                print(f"| `{method}` | {fmt(score)} | ±{fmt(error)} | {unit} | {rel} | {fmt(a, 0)} |")


def alloc(r):
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return float(m["score"]) if m else None


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/bench/quick.json")
