"""What the benchmark module's PyTorch scripts share: the thread settings, the timing window and
the JSON lines, as dev.autograd.benchmarks.Harness times and prints them.

setup(description, omp_wait_policy) parses --threads and --quick, pins the BLAS and OpenMP pools
(before torch is imported; on more than one thread, OpenMP's wait policy too when one is given)
and returns the arguments; median_time(fn) is the median of the runs in a one-second
window (0.3 s with --quick) after a warm-up of 3 seconds (1 s), at least 7 runs (3).
"""
import argparse, json, os, time

_window = (3.0, 1.0, 7)


def setup(description, omp_wait_policy=None):
    global _window
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="shorter warm-up and window")
    args = ap.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    # OpenBLAS's own threads and PyTorch's OpenMP pool both spin while they wait. With many
    # products between short element-wise ops (an LSTM's steps, a transformer's layers), on two
    # cores they take turns at spinning (the LSTM ran 3 to 4 times slower on 2 threads than on 1),
    # and sleeping OpenMP threads are PyTorch's faster setting; for the vision workloads spinning
    # is (LeNet-5 took 4 to 5 ms spinning, 5 to 12 sleeping). Each script asks for its own.
    if args.threads > 1 and omp_wait_policy:
        os.environ.setdefault("OMP_WAIT_POLICY", omp_wait_policy)
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.quick:
        _window = (1.0, 0.3, 3)
    return args


def median_time(fn):
    warmup, window, min_runs = _window
    end = time.perf_counter() + warmup
    runs = 0
    while runs < 2 or time.perf_counter() < end:
        fn()
        runs += 1
    times = []
    end = time.perf_counter() + window
    while len(times) < min_runs or time.perf_counter() < end:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def emit(workload, unit, value, **extra):
    print(json.dumps({"workload": workload, "unit": unit, "value": round(value, 4), **extra}),
          flush=True)


def fwd_bwd(model, loss):
    """One forward and backward pass of model, its gradients set to None first."""
    def run():
        model.zero_grad(set_to_none=True)
        loss().backward()
    return run
