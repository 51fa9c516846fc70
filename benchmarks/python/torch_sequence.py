"""PyTorch (CPU) on the sequence workloads of the benchmark module: an LSTM and a transformer
encoder, forward and backward, beside the vision script's.

Run:  /usr/bin/python3 benchmarks/python/torch_sequence.py [--threads N] [--quick]
Prints one JSON object per line with the names and units of dev.autograd.benchmarks.Harness; each
figure is the median of the runs in a one-second window after a warm-up, as the Java side's.
"""
import argparse, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--quick", action="store_true", help="shorter warm-up and window")
args = ap.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)
import torch
import torch.nn as nn

torch.set_num_threads(args.threads)
torch.manual_seed(0)
WARMUP, WINDOW, MIN_RUNS = (1.0, 0.3, 3) if args.quick else (3.0, 1.0, 7)


def median_time(fn):
    end = time.perf_counter() + WARMUP
    runs = 0
    while runs < 2 or time.perf_counter() < end:
        fn()
        runs += 1
    times = []
    end = time.perf_counter() + WINDOW
    while len(times) < MIN_RUNS or time.perf_counter() < end:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def emit(workload, unit, value):
    print(json.dumps({"workload": workload, "unit": unit, "value": round(value, 4)}), flush=True)


def fwd_bwd(model, run):
    def step():
        model.zero_grad(set_to_none=True)
        run().sum().backward()
    return step


# An LSTM of hidden size 256 (input 256) over 50 steps of a batch of 32: the sum of its outputs.
lstm = nn.LSTM(256, 256)
x = torch.randn(50, 32, 256)
emit("lstm_h256_b32_t50_fwd_bwd", "ms", median_time(fwd_bwd(lstm, lambda: lstm(x)[0])) * 1e3)

# A 4-layer transformer encoder (d 128, 4 heads, feed-forward 512, no dropout) on 16 sequences of
# 128 positions, batch first: the sum of its output.
layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, 4, enable_nested_tensor=False)
src = torch.randn(16, 128, 128)
emit("transformer_encoder_4x_d128_h4_s128_b16_fwd_bwd", "ms",
     median_time(fwd_bwd(encoder, lambda: encoder(src))) * 1e3)
