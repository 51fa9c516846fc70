"""PyTorch (CPU) on the sequence workloads of the benchmark module: an LSTM and a transformer
encoder, forward and backward, beside the vision script's.

Run:  /usr/bin/python3 benchmarks/python/torch_sequence.py [--threads N] [--quick]
Prints one JSON object per line with the names and units of dev.autograd.benchmarks.Harness; each
figure is the median of the runs in a one-second window after a warm-up, as the Java side's.
"""
from timing import emit, fwd_bwd, median_time, setup

setup("PyTorch on the sequence workloads", omp_wait_policy="PASSIVE")
import torch
import torch.nn as nn

# An LSTM of hidden size 256 (input 256) over 50 steps of a batch of 32: the sum of its outputs.
lstm = nn.LSTM(256, 256)
x = torch.randn(50, 32, 256)
emit("lstm_h256_b32_t50_fwd_bwd", "ms", median_time(fwd_bwd(lstm, lambda: lstm(x)[0].sum())) * 1e3)

# A 4-layer transformer encoder (d 128, 4 heads, feed-forward 512, no dropout) on 16 sequences of
# 128 positions, batch first: the sum of its output.
layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, 4, enable_nested_tensor=False)
src = torch.randn(16, 128, 128)
emit("transformer_encoder_4x_d128_h4_s128_b16_fwd_bwd", "ms",
     median_time(fwd_bwd(encoder, lambda: encoder(src).sum())) * 1e3)
