#!/usr/bin/env bash
# Compares two builds of the library on the benchmark workloads, side by side on this machine:
# the Harness of each benchmarks jar, plain kernels and Vector API, alternating before and after
# in every round, with the same JVM flags and thread count. Prints the median of each figure and
# the ratio of speeds after/before (above 1: the change made it faster).
#
#   benchmarks/ab.sh --before OLD.jar --after NEW.jar [--threads N] [--rounds R] [--quick]
#                    [--only NAME[,NAME...]]
#
# Build a jar of an earlier commit with: git worktree add /tmp/old COMMIT && (cd /tmp/old &&
# ./mvnw -B -q -DskipTests -pl benchmarks -am package) and pass /tmp/old/benchmarks/target/benchmarks.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=$(nproc)
rounds=5
quick=""
only=()
before=""
after=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --quick) quick="--quick"; shift ;;
    --only) only=(--only "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$before" ] && [ -f "$after" ] || { echo "usage: $0 --before OLD.jar --after NEW.jar" >&2; exit 2; }
out=benchmarks/target/ab
mkdir -p "$out"
rm -f "$out"/*-t"$threads"-*.jsonl
# The same fixed, pre-touched heap as run.sh (see there).
jvm=(-Xms2g -Xmx2g -XX:+AlwaysPreTouch)
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    jar=$before; [ "$side" = after ] && jar=$after
    echo "round $round of $rounds: $side, plain kernels ($threads threads)..." >&2
    java "${jvm[@]}" -cp "$jar" dev.autograd.benchmarks.Harness --threads "$threads" $quick "${only[@]}" \
      > "$out/$side-plain-t$threads-$round.jsonl" 2> /dev/null
    echo "round $round of $rounds: $side, Vector API kernels ($threads threads)..." >&2
    java "${jvm[@]}" --add-modules jdk.incubator.vector -cp "$jar" \
      dev.autograd.benchmarks.Harness --threads "$threads" $quick "${only[@]}" \
      > "$out/$side-vector-t$threads-$round.jsonl" 2> /dev/null
  done
done
/usr/bin/python3 - "$out" "$threads" "$rounds" <<'PY'
import json, statistics, sys
out, threads, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def load(name):
    rows, values = {}, {}
    for r in range(1, rounds + 1):
        for line in open(f"{out}/{name}-t{threads}-{r}.jsonl"):
            if line.startswith("{"):
                row = json.loads(line)
                if row["unit"] == "text": continue
                rows.setdefault(row["workload"], row)
                values.setdefault(row["workload"], []).append(row["value"])
    return {w: (rows[w]["unit"], statistics.median(v)) for w, v in values.items()}
def speed(unit, old, new):
    if unit in ("MB",): return None
    return new / old if unit == "gflops" else old / new
print(f"{threads} threads, medians of {rounds} alternating rounds; speed after/before (above 1: faster)")
print()
print("| workload | unit | plain before | plain after | plain after/before | vector before | vector after | vector after/before |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
pb, pa, vb, va = load("before-plain"), load("after-plain"), load("before-vector"), load("after-vector")
for w, (unit, b) in pb.items():
    a = pa.get(w, (unit, None))[1]; x = vb.get(w, (unit, None))[1]; y = va.get(w, (unit, None))[1]
    fmt = lambda v: "-" if v is None else f"{v:.4g}"
    r1 = speed(unit, b, a) if a else None; r2 = speed(unit, x, y) if x and y else None
    rf = lambda r: "" if r is None else f"{r:.3f}x"
    print(f"| {w} | {unit} | {fmt(b)} | {fmt(a)} | {rf(r1)} | {fmt(x)} | {fmt(y)} | {rf(r2)} |")
PY
