"""PyTorch (CPU) on the vision workloads of the benchmark module, beside the shared reference
script's workloads: LeNet-5 and a ResNet basic block, forward and backward.

Run:  /usr/bin/python3 benchmarks/python/torch_vision.py [--threads N] [--quick]
Prints one JSON object per line, {"workload": ..., "unit": ..., "value": ...}, with the same names
and units as dev.autograd.benchmarks.Harness, and a line saying which convolution and matrix
product back-ends this PyTorch used. benchmarks/run.sh runs it after the shared reference script.
Each figure is the median of the runs in a one-second window after a warm-up, as the Java side's.
"""
import argparse, ctypes, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--quick", action="store_true", help="shorter warm-up and window")
args = ap.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)
import torch
import torch.nn as nn
import torch.nn.functional as F

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


def emit(workload, unit, value, **extra):
    print(json.dumps({"workload": workload, "unit": unit, "value": round(value, 4), **extra}), flush=True)


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


class BasicBlock(nn.Module):
    """torchvision's ResNet BasicBlock without downsampling: two 3x3 convolutions with batch norm."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + x)


def fwd_bwd(model, x, loss):
    def run():
        model.zero_grad(set_to_none=True)
        loss(model(x)).backward()
    return run


# LeNet-5 on a batch of 64 28x28 images: cross-entropy forward and backward.
x = torch.randn(64, 1, 28, 28)
y = torch.randint(0, 10, (64,))
emit("lenet5_batch64_fwd_bwd", "ms",
     median_time(fwd_bwd(lenet(), x, lambda out: F.cross_entropy(out, y))) * 1e3)

# A ResNet basic block, 64 channels, 56x56, batch 8, in training mode: the sum's backward.
x = torch.randn(8, 64, 56, 56)
emit("resnet_block_64ch_56x56_batch8_fwd_bwd", "ms",
     median_time(fwd_bwd(BasicBlock(64), x, lambda out: out.sum())) * 1e3)

libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and ".so" in l})
core = None
for lib in libs:
    if "openblas" in lib:
        get = ctypes.CDLL(lib).openblas_get_corename
        get.restype = ctypes.c_char_p
        core = get().decode()
emit("torch_vision_backends", "text", 0, torch_version=torch.__version__,
     threads=torch.get_num_threads(), mkldnn=torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled,
     blas_libraries=libs, openblas_core=core, openblas_coretype_env=os.environ.get("OPENBLAS_CORETYPE"))
