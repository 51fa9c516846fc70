"""PyTorch (CPU) on the vision workloads of the benchmark module, beside the shared reference
script's workloads: LeNet-5 and a ResNet basic block, forward and backward.

Run:  /usr/bin/python3 benchmarks/python/torch_vision.py [--threads N] [--quick]
Prints one JSON object per line, {"workload": ..., "unit": ..., "value": ...}, with the same names
and units as dev.autograd.benchmarks.Harness, and a line saying which convolution and matrix
product back-ends this PyTorch used. benchmarks/run.sh runs it after the shared reference script.
Each figure is the median of the runs in a one-second window after a warm-up, as the Java side's.
"""
import ctypes, os

from timing import emit, fwd_bwd, median_time, setup

setup("PyTorch on the vision workloads")
import torch
import torch.nn as nn
import torch.nn.functional as F


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


# LeNet-5 on a batch of 64 28x28 images: cross-entropy forward and backward.
x = torch.randn(64, 1, 28, 28)
y = torch.randint(0, 10, (64,))
net = lenet()
emit("lenet5_batch64_fwd_bwd", "ms",
     median_time(fwd_bwd(net, lambda: F.cross_entropy(net(x), y))) * 1e3)

# A ResNet basic block, 64 channels, 56x56, batch 8, in training mode: the sum's backward.
x = torch.randn(8, 64, 56, 56)
block = BasicBlock(64)
emit("resnet_block_64ch_56x56_batch8_fwd_bwd", "ms",
     median_time(fwd_bwd(block, lambda: block(x).sum())) * 1e3)

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
