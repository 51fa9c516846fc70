#!/usr/bin/env bash
# Runs the benchmark workloads in PyTorch and in autograd-java (plain Java, then with the Vector
# API) on this machine, one after the other, with the same number of threads, and prints the ratios
# of speed (above 1: the Java side is faster).
#
#   benchmarks/run.sh [--threads N] [--rounds R] [--quick] [--only PREFIX[,PREFIX...]] [--djl] [--haswell]
#   benchmarks/run.sh --spark [--quick] [--only PREFIX]
#
# --spark runs SparkBenchmark alone (no PyTorch): steps per second of data-parallel training of
# the MLP, of LeNet-5 and of a 50-parameter linear layer (a step's cost whatever the model) in one
# process and on Spark in local[1] and local[2], kernels on one thread, with each step's time split
# into the tasks' compute and communication; a table of the medians. Spark comes from Maven's local repository (provided scope: benchmarks.jar holds none);
# it listens on the loopback interface only. Raw JSON in benchmarks/target/spark.jsonl.
#
# PyTorch runs with OpenBLAS's own choice of kernel for this CPU (OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE unset: the reference script's --native-kernel). --haswell adds a second PyTorch
# column with OPENBLAS_CORETYPE=Haswell (OpenBLAS's AVX2 kernel, what some machines here pin).
# --djl adds libtorch 2.7.1 with MKL through DJL as a further baseline, offline: the shared
# workloads from ../shared/bench/peers/djl (or $DJL_PEER), the vision workloads and the LSTM from
# peers/djl-layers; each harness builds itself on its first run.
#
# Before the rounds, MachineLimits measures what the machine can do at most (FMA throughput per
# core, memory bandwidth; one run): the table's "limit" column is the best time or rate those allow
# for the products and the element-wise workload, and "of the limit" reads each figure as a
# fraction of it. The ratios "vs the best" are against the fastest baseline of each workload.
#
# --only runs the workloads whose names start with one of the prefixes (lenet5,resnet_block: the
# vision workloads, whose PyTorch side is python/torch_vision.py; lstm,transformer: the sequence
# workloads, python/torch_sequence.py; the shared script runs only when a prefix names one of its
# workloads).
#
# With R rounds (default 3) the three runs alternate R times and each figure is the median over the
# rounds: the machines here are shared, and one JVM run can also differ from the next by what the
# JIT compiled, so a single run can be off by a third.
#
# Needs /usr/bin/python3 with PyTorch on OpenBLAS (Debian: apt-get install -y python3-torch
# libopenblas0-pthread; run as root it installs the second if PyTorch does not find it) and the reference
# script at ../shared/bench/torch_reference.py (or $TORCH_REFERENCE); the vision workloads' PyTorch
# side is this module's python/torch_vision.py. Raw JSON lines are kept in
# benchmarks/target/ (one file per side, thread count and round).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=$(nproc)
rounds=3
quick=""
only=""
djl=false
haswell=false
spark=false
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    --djl) djl=true; shift ;;
    --haswell) haswell=true; shift ;;
    --spark) spark=true; shift ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --quick) quick="--quick"; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ "$spark" = true ]; then
  java_only=()
  [ -n "$only" ] && java_only=(--only "$only")
  out=benchmarks/target
  mkdir -p "$out"
  ./mvnw -B -q -DskipTests -pl benchmarks -am package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/spark-classpath.txt >&2
  # The add-opens Spark's launcher passes on Java 17 (as autograd-spark's tests do).
  opens=()
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
    sun.security.action sun.util.calendar; do
    opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
  done
  opens+=(--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)
  echo "Spark: single process, local[1], local[2]..." >&2
  SPARK_LOCAL_IP=127.0.0.1 java -Xms2g -Xmx2g -XX:+AlwaysPreTouch "${opens[@]}" \
    -Dlog4j2.configurationFile=benchmarks/spark-log4j2.properties \
    -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/spark-classpath.txt)" \
    dev.autograd.benchmarks.SparkBenchmark $quick "${java_only[@]}" > "$out/spark.jsonl" 2> "$out/spark.log"
  /usr/bin/python3 - "$out/spark.jsonl" <<'PY'
import json, subprocess, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"{datetime.date.today()}, {cpu}, {subprocess.check_output(['nproc']).decode().strip()} cores; "
      "kernels on 1 thread; medians over each run's steps")
print()
print("| workload | where | partitions | steps/s | vs single process | step ms | longest task ms | scan ms | communication ms | of which broadcast ms | communication |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
single = {r["workload"]: r["value"] for r in rows if r["master"] == "single process"}
for r in rows:
    print(f"| {r['workload']} | {r['master']} | {r['partitions']} | {r['value']:.1f} "
          f"| {r['value'] / single[r['workload']]:.2g}x | {r['step_ms']:.2f} | {r['longest_task_ms']:.2f} "
          f"| {r['scan_ms']:.3f} | {r['communication_ms']:.2f} | {r['broadcast_ms']:.2f} | {100 * r['communication']:.0f}% |")
PY
  exit 0
fi
reference=${TORCH_REFERENCE:-../shared/bench/torch_reference.py}
[ -f "$reference" ] || { echo "missing $reference" >&2; exit 1; }
# PyTorch must run its products on OpenBLAS: Debian's python3-torch alone falls back on the
# reference BLAS, about 20 times slower, and every ratio against it would be wrong.
torch_blas() {
  /usr/bin/python3 -c 'import torch; torch.ones(64, 64) @ torch.ones(64, 64)
print(" ".join(sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l})))' 2>/dev/null
}
if ! torch_blas | grep -q openblas; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "PyTorch does not run on OpenBLAS here: installing libopenblas0-pthread..." >&2
    apt-get install -y -qq libopenblas0-pthread >&2 || { apt-get update -qq && apt-get install -y -qq libopenblas0-pthread >&2; }
  fi
  torch_blas | grep -q openblas || {
    echo "PyTorch runs its matrix products on $(torch_blas || echo 'no BLAS it could load'), not OpenBLAS:" \
      "install python3-torch and libopenblas0-pthread (apt-get install -y python3-torch libopenblas0-pthread)" >&2
    exit 1
  }
fi
out=benchmarks/target
mkdir -p "$out"
./mvnw -B -q -DskipTests -pl benchmarks -am package >&2
jar=benchmarks/target/benchmarks.jar
# The heap is fixed so that the garbage collector's sizing does not drift between runs, and touched
# at start-up: a fresh JVM otherwise takes a page fault on each new page of its heap for its first
# seconds, which were a tenth of the scalar workloads' time, and which a running application has
# long paid (as PyTorch's caching allocator reuses the memory it already has).
jvm=(-Xms2g -Xmx2g -XX:+AlwaysPreTouch)
vision_only=false
shared_only=false
if [ -n "$only" ]; then
  vision_only=true
  shared_only=true
  for prefix in ${only//,/ }; do
    case "$prefix" in
      lenet5*|resnet_block*|lstm*|transformer*) shared_only=false ;;
      *) vision_only=false ;;
    esac
  done
fi
java_only=()
[ -n "$only" ] && java_only=(--only "$only")
rm -f "$out"/torch-t$threads-*.jsonl "$out"/java-plain-t$threads-*.jsonl "$out"/java-vector-t$threads-*.jsonl \
  "$out"/djl-t$threads-*.jsonl "$out"/torch-haswell-t$threads-*.jsonl "$out"/limits-t$threads-1.jsonl
djl_peer=${DJL_PEER:-../shared/bench/peers/djl/run.sh}
# The DJL harness asks for its product workloads by family ("sgemm" runs every size).
djl_only=()
[ -n "$only" ] && djl_only=(--only "$(echo "$only" | sed -E 's/(^|,)(sgemm|dgemm)_[0-9]+/\1\2/g')")
if [ "$djl" = true ] && [ "$vision_only" = false ] && [ ! -x "$djl_peer" ]; then
  echo "missing $djl_peer (the DJL harness of the shared workloads; set DJL_PEER)" >&2; exit 1
fi
echo "machine limits ($threads threads)..." >&2
java "${jvm[@]}" --add-modules jdk.incubator.vector -cp "$jar" dev.autograd.benchmarks.MachineLimits \
  --threads "$threads" $quick > "$out/limits-t$threads-1.jsonl" 2> "$out/limits-t$threads.log"
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds: PyTorch ($threads threads)..." >&2
  : > "$out/torch-t$threads-$round.jsonl"
  if [ "$vision_only" = false ]; then
    /usr/bin/python3 "$reference" --threads "$threads" --native-kernel $quick >> "$out/torch-t$threads-$round.jsonl"
    if [ "$haswell" = true ]; then
      echo "round $round of $rounds: PyTorch, OpenBLAS's Haswell kernel ($threads threads)..." >&2
      OPENBLAS_CORETYPE=Haswell /usr/bin/python3 "$reference" --threads "$threads" $quick \
        > "$out/torch-haswell-t$threads-$round.jsonl"
    fi
  fi
  if [ "$shared_only" = false ]; then
    /usr/bin/python3 benchmarks/python/torch_vision.py --threads "$threads" $quick \
      >> "$out/torch-t$threads-$round.jsonl"
    /usr/bin/python3 benchmarks/python/torch_sequence.py --threads "$threads" $quick \
      >> "$out/torch-t$threads-$round.jsonl"
  fi
  if [ "$djl" = true ]; then
    echo "round $round of $rounds: libtorch 2.7.1 through DJL ($threads threads)..." >&2
    : > "$out/djl-t$threads-$round.jsonl"
    : > "$out/djl-t$threads-$round.log"
    if [ "$vision_only" = false ]; then
      "$djl_peer" --threads "$threads" $quick "${djl_only[@]}" \
        >> "$out/djl-t$threads-$round.jsonl" 2>> "$out/djl-t$threads-$round.log"
    fi
    if [ "$shared_only" = false ]; then
      benchmarks/peers/djl-layers/run.sh --threads "$threads" $quick \
        >> "$out/djl-t$threads-$round.jsonl" 2>> "$out/djl-t$threads-$round.log"
    fi
  fi
  echo "round $round of $rounds: Java, plain kernels ($threads threads)..." >&2
  java "${jvm[@]}" -cp "$jar" dev.autograd.benchmarks.Harness --threads "$threads" $quick "${java_only[@]}" \
    > "$out/java-plain-t$threads-$round.jsonl" 2> "$out/java-plain-t$threads-$round.log"
  echo "round $round of $rounds: Java, Vector API kernels ($threads threads)..." >&2
  java "${jvm[@]}" --add-modules jdk.incubator.vector -cp "$jar" \
    dev.autograd.benchmarks.Harness --threads "$threads" $quick "${java_only[@]}" \
    > "$out/java-vector-t$threads-$round.jsonl" 2> "$out/java-vector-t$threads-$round.log"
done
/usr/bin/python3 - "$out" "$threads" "$rounds" "${jvm[*]}" <<'PY'
import json, platform, statistics, subprocess, sys, datetime
out, threads, rounds, jvm_flags = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def load(name):
    # Each workload's row from the first round, its value the median over all rounds.
    rows, values = {}, {}
    for r in range(1, rounds + 1):
        for line in open(f"{out}/{name}-t{threads}-{r}.jsonl"):
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                rows.setdefault(row["workload"], row)
                values.setdefault(row["workload"], []).append(row["value"])
    for w, row in rows.items():
        row["value"] = statistics.median(values[w])
    return rows
import os
def load_if(name):
    return load(name) if os.path.exists(f"{out}/{name}-t{threads}-1.jsonl") else None
torch, plain, vector = load("torch"), load("java-plain"), load("java-vector")
haswell, djl = load_if("torch-haswell"), load_if("djl")
limits = {}
for line in open(f"{out}/limits-t{threads}-1.jsonl"):
    if line.startswith("{"):
        row = json.loads(line)
        limits[row["workload"]] = row["value"]
def speed(unit, ref, val):
    # Ratio of speeds: for times, the baseline's time over Java's; for GFLOP/s, Java's over the baseline's.
    if not ref or not val: return float("nan")
    return val / ref if unit == "gflops" else ref / val
peak32, peak64 = limits.get(f"peak_fp32_fma_t{threads}"), limits.get(f"peak_fp64_fma_t{threads}")
triad = limits.get(f"memory_triad_gbs_t{threads}")
def limit(name):
    # The best figure the machine allows: products at the FMA peak; the element-wise workload's
    # compulsory traffic (read a and b, write their gradients: 4 x 4 MB) at the memory's triad rate.
    if name.startswith("sgemm_"): return peak32
    if name.startswith("dgemm_"): return peak64
    if name == "matmul_512_fwd_bwd":
        # The forward product alone: the output gradient is all ones, so the backward's products
        # reduce to sums over rows and columns.
        return 2 * 512 ** 3 / (peak32 * 1e9) * 1e3
    if name == "mlp_784_256_10_adam_50_steps":
        # Per step: the 2 products of the forward pass, the weight gradients of both layers and the
        # hidden layer's input gradient (the input needs none): 50 steps of batch 64.
        flops = 50 * 2 * 64 * (784 * 256 * 2 + 256 * 10 * 3)
        return flops / (peak32 * 1e9) * 1e3
    if name.startswith("elementwise_1M"):
        return 4 * 4 * 2 ** 20 / (triad * 1e9) * 1e3
    return None
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
jv = plain.get("java_version", {})
print(f"{datetime.date.today()}, {cpu}, {subprocess.check_output(['nproc']).decode().strip()} cores; "
      f"JDK {jv.get('version', '?')}, {jvm_flags}; PyTorch {torch.get('torch_version', {}).get('version') or torch.get('torch_vision_backends', {}).get('torch_version', '?')}; "
      f"{threads} threads on every side; medians of {rounds} alternating rounds")
backends = torch.get("torch_vision_backends", {})
def blas_line(rows, label):
    blas = rows.get("blas", {})
    print(f"{label}'s BLAS: {', '.join(blas.get('libraries', backends.get('blas_libraries', []))) or '?'}, "
          f"OpenBLAS kernel {blas.get('openblas_core', backends.get('openblas_core'))} "
          f"(OPENBLAS_CORETYPE={blas.get('openblas_coretype_env', backends.get('openblas_coretype_env'))})")
blas_line(torch, "PyTorch")
if haswell: blas_line(haswell, "PyTorch (Haswell)")
if backends: print(f"PyTorch's convolutions through oneDNN (mkldnn): {backends.get('mkldnn', '?')}")
if djl:
    engine = djl.get("djl_version", {}).get("engine") or djl.get("djl_layers", {}).get("engine", "?")
    torch_threads = djl.get("djl_version", {}).get("torch_threads") or djl.get("djl_layers", {}).get("torch_threads", "?")
    print(f"libtorch through DJL: {engine}, {torch_threads} threads")
print(f"machine limits ({limits.get('machine_limits_vectors', '?')}): FMA peak {peak32:.4g} GFLOP/s float, "
      f"{peak64:.4g} double; memory {limits.get(f'memory_read_gbs_t{threads}', float('nan')):.3g} GB/s read, "
      f"{triad:.3g} GB/s triad (STREAM's count), {limits.get(f'l3_triad_gbs_t{threads}', float('nan')):.3g} GB/s triad in L3; "
      f"{threads} threads")
print()
baselines = [("PyTorch", torch)] + ([("PyTorch, Haswell kernel", haswell)] if haswell else []) \
    + ([("libtorch 2.7.1 (DJL)", djl)] if djl else [])
fmt = lambda x: "-" if x is None else f"{x:.4g}"
ratio = lambda x: "-" if x is None or x != x else f"{x:.2f}x"
print("| workload | unit | " + " | ".join(label for label, _ in baselines)
      + " | Java plain | Java + Vector API | limit | plain vs the best | vector vs the best | vector of the limit |")
print("|---|---|" + "---:|" * (len(baselines) + 6))
def row(name, unit, refs, p, v):
    values = [rows.get(name, {}).get("value") for _, rows in baselines] if refs is None else refs
    present = [b for b in values if b]
    best_of = lambda x: min((speed(unit, b, x) for b in present), default=None) if x else None
    lim = limit(name)
    of_limit = None if lim is None or not v else (v / lim if unit == "gflops" else lim / v)
    print(f"| {name} | {unit} | " + " | ".join(fmt(b) for b in values)
          + f" | {fmt(p)} | {fmt(v)} | {fmt(lim)} | {ratio(best_of(p))} | {ratio(best_of(v))} | {ratio(of_limit)} |")
for name, ref in torch.items():
    if ref["unit"] == "text": continue
    p, v = plain.get(name, {}).get("value"), vector.get(name, {}).get("value")
    if p is None and v is None: continue  # not asked for on the Java side (--only)
    row(name, ref["unit"], None, p, v)
for name in plain:
    if name in torch or plain[name]["unit"] == "text": continue
    # A variant of a workload ("name+variant", e.g. +scope for a MemoryScope per iteration) is
    # compared with the baselines' figures for the workload itself.
    base = name.split("+")[0]
    refs = [rows.get(base, {}).get("value") for _, rows in baselines]
    row(name, plain[name]["unit"], refs, plain[name]["value"], vector.get(name, {}).get("value"))
PY
