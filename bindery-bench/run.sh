#!/usr/bin/env bash
# Builds the JMH benchmarks jar and runs it, writing JMH's JSON to docs/bench/<name>.json.
#
#   bindery-bench/run.sh [quick|full] [extra JMH args...]
#   bindery-bench/run.sh paired
#   bindery-bench/run.sh spring [rounds]
#
#   quick  1 fork, 3 x 2 s warm-up, 5 x 2 s measurement: the whole suite in a few minutes on 2 cores.
#   full   3 forks, 5 x 5 s warm-up, 10 x 5 s measurement: tighter error bars, takes much longer.
#   paired the interleaved ratio harnesses (PairedRatio, PairedSessions, PairedDecision, PairedBuild), which suit a
#          shared, noisy machine better than JMH for ratios within a few percent (about 10 minutes); each writes
#          its table to docs/bench/<BENCH_NAME or paired>-<harness>.txt.
#   spring PairedSpringData (Spring Data findById: the Bindery starter, the hand-written recipe, plain Spring), run
#          from the module's class path rather than the shaded jar (Spring Boot's per-module auto-configuration lists
#          do not survive shading); its table to docs/bench/<BENCH_NAME or paired>-PairedSpringData.txt.
#
# Extra arguments go to JMH as they are and win over the mode's defaults, e.g.
#   bindery-bench/run.sh quick -prof gc RoutingOverhead
#   bindery-bench/run.sh full -f 2 -t 4
# The JSON file is named after the mode; set BENCH_NAME to choose another name, JAVA to use another JVM.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ${1:-} == paired ]]; then
  cd "$root"
  ./mvnw -q -pl bindery-bench -am -DskipTests package
  mkdir -p docs/bench
  name=${BENCH_NAME:-paired}
  for harness in PairedRatio:100 PairedSessions:100 PairedDecision:100 PairedBuild:30; do
    class=${harness%%:*}
    echo "bindery-bench: $class, table to docs/bench/$name-$class.txt" >&2
    "${JAVA:-java}" -cp bindery-bench/target/benchmarks.jar "dev.bindery.bench.$class" "${harness##*:}" \
      | tee "docs/bench/$name-$class.txt"
  done
  exit 0
fi
if [[ ${1:-} == spring ]]; then
  cd "$root"
  ./mvnw -q -pl bindery-bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/spring-classpath.txt
  mkdir -p docs/bench
  name=${BENCH_NAME:-paired}
  echo "bindery-bench: PairedSpringData, table to docs/bench/$name-PairedSpringData.txt" >&2
  "${JAVA:-java}" -cp "bindery-bench/target/classes:$(cat bindery-bench/target/spring-classpath.txt)" \
    dev.bindery.bench.PairedSpringData "${2:-60}" | tee "docs/bench/$name-PairedSpringData.txt"
  exit 0
fi
mode=quick
if [[ $# -gt 0 && ( $1 == quick || $1 == full ) ]]; then
  mode=$1
  shift
fi
case $mode in
  quick) defaults=(-f 1 -wi 3 -w 2s -i 5 -r 2s) ;;
  full)  defaults=(-f 3 -wi 5 -w 5s -i 10 -r 5s) ;;
esac
name=${BENCH_NAME:-$mode}

# JMH refuses an option given twice: keep a default only when the extra arguments don't set it.
options=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  option=${defaults[i]}
  overridden=false
  for arg in "$@"; do
    [[ $arg == "$option" ]] && overridden=true
  done
  $overridden || options+=("$option" "${defaults[i + 1]}")
done

cd "$root"
./mvnw -q -pl bindery-bench -am -DskipTests package
mkdir -p docs/bench
echo "bindery-bench: $mode mode, JSON to docs/bench/$name.json" >&2
exec "${JAVA:-java}" -jar bindery-bench/target/benchmarks.jar "${options[@]}" -rf json -rff "docs/bench/$name.json" "$@"
