# Fixtures for TorchFiles (reading and writing torch.save files), from PyTorch 1.13.1 (CPU).
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate, from this folder:   /usr/bin/python3 torch_files.py
# It writes the .pt files in pt/ and torch_files.json (expected values and PyTorch's outputs).
#
# It also checks the file this library writes, pt/written_by_java.pt (TorchFilesTest compares it
# with what the writer makes today and, when they differ, leaves the new one in autograd-nn/target
# to copy here before running this script): torch.load(weights_only=True) must read
# it, its tensors must equal the ones recorded here, and the MLP loaded from it must give
# PyTorch's outputs. The outcome is recorded under "java_written" and asserted by TorchFilesTest.
import io
import json
import os
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pt")
os.makedirs(OUT, exist_ok=True)


def spec(t):
    t = t.detach()
    values = t.reshape(-1).tolist()
    if t.dtype in (torch.float32, torch.float64, torch.float16, torch.bfloat16):
        values = [v if v == v and abs(v) != float("inf") else str(v) for v in values]
    elif t.dtype == torch.bool:
        values = [1 if v else 0 for v in values]
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": values}


def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))


result = {"source": "PyTorch " + torch.__version__ + ", torch_files.py"}

# 1. The MLP: its state dict, inputs and PyTorch's outputs, in float32 and float64.
model = mlp()
torch.save(model.state_dict(), os.path.join(OUT, "mlp.pt"))
x = torch.linspace(-2, 2, 20).reshape(5, 4)
result["mlp"] = {"input": spec(x), "output": spec(model(x)),
                 "state": {k: spec(v) for k, v in model.state_dict().items()}}
model64 = mlp().double()
torch.save(model64.state_dict(), os.path.join(OUT, "mlp_float64.pt"))
result["mlp_float64"] = {"input": spec(x.double()), "output": spec(model64(x.double()))}

# What a non-strict load_state_dict reports for a partial state with an extra key.
partial = {k: v for k, v in model.state_dict().items() if k.startswith("0.")}
partial["head.weight"] = torch.zeros(3, 8)
keys = mlp().load_state_dict(partial, strict=False)
result["incompatible_keys"] = {"given": list(partial.keys()), "missing": keys.missing_keys,
                               "unexpected": keys.unexpected_keys}

# A module with buffers: persistent ones (float and int64) in the state dict after the module's own
# parameters and before its children's, a non-persistent one left out.
class WithBuffers(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(2, 2)
        self.register_buffer("scale", torch.tensor([1.5, -2.0]))
        self.register_buffer("count", torch.tensor(7))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.bias = torch.nn.Parameter(torch.tensor([0.25, 0.5]))
        self.head = torch.nn.Linear(2, 1)


torch.manual_seed(1)
buffered = WithBuffers()
torch.save(buffered.state_dict(), os.path.join(OUT, "buffers.pt"))
result["buffers"] = {"state_keys": list(buffered.state_dict().keys()),
                     "named_buffers": [n for n, _ in buffered.named_buffers()],
                     "float64_dtypes": {n: str(b.dtype).replace("torch.", "")
                                        for n, b in buffered.double().named_buffers()}}

# A small CNN: convolutions with padding, stride, a reflect padding mode, groups and a transposed
# convolution, then a linear head. Its state dict, fixed inputs and PyTorch's outputs; the printout
# of each layer.
torch.manual_seed(2)
cnn = torch.nn.Sequential(
    torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(4, 8, 3, stride=2, padding=1, padding_mode="reflect"), torch.nn.Tanh(),
    torch.nn.Conv2d(8, 8, 3, padding="same", groups=4, bias=False),
    torch.nn.ConvTranspose2d(8, 2, 2, stride=2), torch.nn.Tanh(),
    torch.nn.Flatten(), torch.nn.Linear(2 * 8 * 8, 3))
torch.save(cnn.state_dict(), os.path.join(OUT, "cnn.pt"))
images = torch.linspace(-1, 1, 2 * 64).reshape(2, 1, 8, 8).sin()
result["cnn"] = {"input": spec(images), "output": spec(cnn(images)),
                 "state_keys": list(cnn.state_dict().keys()),
                 "reprs": [repr(m) for m in cnn if "Conv" in type(m).__name__]}
# LeNet-5 with every pooling layer: its state dict, a batch and PyTorch's outputs and printouts.
torch.manual_seed(4)
lenet = torch.nn.Sequential(
    torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.AvgPool2d(2, stride=2, padding=1),
    torch.nn.AdaptiveMaxPool2d((4, 3)), torch.nn.AdaptiveAvgPool2d(2), torch.nn.Flatten(),
    torch.nn.Linear(16 * 4, 10))
torch.save(lenet.state_dict(), os.path.join(OUT, "lenet.pt"))
digits = torch.linspace(-3, 3, 2 * 28 * 28).reshape(2, 1, 28, 28).sin()
result["lenet"] = {"input": spec(digits), "output": spec(lenet(digits)),
                   "reprs": [repr(m) for m in lenet]}
pools1d = torch.nn.Sequential(torch.nn.MaxPool1d(3, stride=2, padding=1),
                              torch.nn.AvgPool1d(2))
result["pools1d"] = {"input": spec(signal := torch.linspace(-2, 2, 2 * 3 * 11).reshape(2, 3, 11).cos()),
                     "output": spec(pools1d(signal)), "reprs": [repr(m) for m in pools1d]}

# Normalisation layers: the initial state dict (with PyTorch's buffer names), two training steps'
# outputs and running statistics, then the output in eval mode; momentum=None for the cumulative
# average; the printouts.
torch.manual_seed(5)
normed = torch.nn.Sequential(
    torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
    torch.nn.GroupNorm(2, 4), torch.nn.Flatten(), torch.nn.Linear(4 * 4 * 4, 6),
    torch.nn.BatchNorm1d(6, momentum=None), torch.nn.LayerNorm(6))
torch.save(normed.state_dict(), os.path.join(OUT, "normed.pt"))
batches = [torch.linspace(-2, 3, 3 * 2 * 4 * 4).reshape(3, 2, 4, 4).sin() * (k + 1) for k in range(2)]
normed.train()
train_outputs = [spec(normed(b)) for b in batches]
after = {k: spec(v) for k, v in normed.state_dict().items()}
normed.eval()
result["normed"] = {"inputs": [spec(b) for b in batches], "train_outputs": train_outputs,
                    "state_after": after, "eval_output": spec(normed(batches[0])),
                    "state_keys": list(after.keys()),
                    "reprs": [repr(m) for m in normed if "Norm" in type(m).__name__]
                    + [repr(torch.nn.Dropout2d(0.25)), repr(torch.nn.LayerNorm([3, 4], eps=1e-6))]}

# Containers: ModuleList, ModuleDict and ParameterList, and the state-dict keys they give.
class Containers(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = torch.nn.ModuleList([torch.nn.Linear(3, 3), torch.nn.Linear(3, 3)])
        self.heads = torch.nn.ModuleDict({"score": torch.nn.Linear(3, 1), "norm": torch.nn.LayerNorm(3)})
        self.scales = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(3)),
                                              torch.nn.Parameter(torch.zeros(2))])


result["containers"] = {"state_keys": list(Containers().state_dict().keys()),
                        "parameter_count": sum(p.numel() for p in Containers().parameters())}

torch.manual_seed(3)
sequence = torch.nn.Conv1d(3, 2, 3, stride=2, padding=1, dilation=2, padding_mode="circular")
torch.save(sequence.state_dict(), os.path.join(OUT, "conv1d.pt"))
signal = torch.linspace(-2, 2, 2 * 3 * 9).reshape(2, 3, 9).cos()
result["conv1d"] = {"input": spec(signal), "output": spec(sequence(signal)),
                    "repr": repr(sequence)}

# 2. One tensor of every dtype, with the edge values each can hold.
floats = [0.0, -0.0, 1.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08, float("inf"),
          float("-inf"), 1.0 / 3.0]
dtypes = {
    "float32": torch.tensor(floats + [3.4028235e38, 1e-45], dtype=torch.float32),
    "float64": torch.tensor(floats + [1e308, 5e-324], dtype=torch.float64),
    "float16": torch.tensor(floats + [1e-7, 70000.0], dtype=torch.float16),
    "bfloat16": torch.tensor(floats + [3.0e38, 1e-40], dtype=torch.bfloat16),
    "int64": torch.tensor([0, -1, 2**53, -(2**53), 123456789012], dtype=torch.int64),
    "int32": torch.tensor([0, -1, 2**31 - 1, -(2**31)], dtype=torch.int32),
    "int16": torch.tensor([0, -1, 32767, -32768], dtype=torch.int16),
    "int8": torch.tensor([0, -1, 127, -128], dtype=torch.int8),
    "uint8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True], dtype=torch.bool),
    "matrix": torch.arange(6, dtype=torch.float32).reshape(2, 3),
    "scalar": torch.tensor(2.5),
    "empty": torch.zeros(0, 3),
}
torch.save(dtypes, os.path.join(OUT, "dtypes.pt"))
result["dtypes"] = {k: spec(v) for k, v in dtypes.items()}
torch.save({"nan": torch.tensor([float("nan")], dtype=torch.float16)}, os.path.join(OUT, "nan.pt"))
# int64 values past 2^53, which this library's INT64 cannot hold exactly
torch.save({"step": torch.tensor([2**53 + 1])}, os.path.join(OUT, "int64_huge.pt"))

# 3. Views of one storage: offsets, strides and sharing are kept by torch.save.
base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
views = {"base": base, "transposed": base.t(), "block": base[1:3, 2:5], "every_other": base[:, ::2],
         "row": base[2], "element": base[1, 1], "expanded": base[0, :1].expand(3, 2)}
torch.save(views, os.path.join(OUT, "views.pt"))
result["views"] = {k: spec(v) for k, v in views.items()}
with zipfile.ZipFile(os.path.join(OUT, "views.pt")) as z:
    result["views_storage_records"] = sorted(n for n in z.namelist() if "/data/" in n)

# 4. A checkpoint: a state dict inside a dict with numbers, strings, lists and tuples.
checkpoint = {"model": model.state_dict(), "epoch": 3, "lr": 0.05, "name": "run-1",
              "history": [1.5, 0.75], "flags": (True, None), "big": 2**70, "negative": -7}
torch.save(checkpoint, os.path.join(OUT, "checkpoint.pt"))

# 5. A parameter saved by itself (torch._utils._rebuild_parameter).
torch.save(torch.nn.Parameter(torch.tensor([1.0, 2.0])), os.path.join(OUT, "parameter.pt"))

# 6. The dtypes file with big-endian storages and a byteorder record, as PyTorch 2.1 and later
#    write on a big-endian machine (1.13 writes no byteorder record).
with zipfile.ZipFile(os.path.join(OUT, "dtypes.pt")) as z:
    records = {n: z.read(n) for n in z.namelist()}
folder = next(iter(records)).split("/")[0]
pickled = records[folder + "/data.pkl"]
# each storage key of dtypes.pt is the index of its tensor in insertion order
item_sizes = [v.element_size() for v in dtypes.values()]
with zipfile.ZipFile(os.path.join(OUT, "big_endian.pt"), "w", zipfile.ZIP_STORED) as z:
    for name, data in records.items():
        if "/data/" in name:
            width = item_sizes[int(name.rsplit("/", 1)[1])]
            data = b"".join(data[i:i + width][::-1] for i in range(0, len(data), width))
        z.writestr(zipfile.ZipInfo(name.replace(folder + "/", "archive/")), data)
    z.writestr(zipfile.ZipInfo("archive/byteorder"), b"big")

# 7. Hostile files: pickles that would run code in an unrestricted torch.load.
class RunsCommand:
    def __reduce__(self):
        return (os.system, ("touch /tmp/autograd-java-pwned",))


class Evaluates:
    def __reduce__(self):
        import builtins
        return (builtins.eval, ("__import__('os').getcwd()",))


torch.save({"weight": torch.ones(2), "payload": RunsCommand()}, os.path.join(OUT, "os_system.pt"))
torch.save({"payload": Evaluates()}, os.path.join(OUT, "builtins_eval.pt"))
for name in ["os_system.pt", "builtins_eval.pt"]:
    try:
        torch.load(os.path.join(OUT, name), weights_only=True)
        raise SystemExit(name + " was loaded by torch.load(weights_only=True)")
    except Exception as e:  # noqa: BLE001 -- PyTorch refuses with RuntimeError/UnpicklingError
        result.setdefault("torch_refuses", {})[name] = str(e).splitlines()[0]

# 8. A legacy (non-zip) file and a TorchScript archive, which the reader refuses by name.
# (written once: their bytes differ from run to run, and only their kind matters)
if not os.path.exists(os.path.join(OUT, "legacy.pt")):
    torch.save({"w": torch.ones(1)}, os.path.join(OUT, "legacy.pt"),
               _use_new_zipfile_serialization=False)
if not os.path.exists(os.path.join(OUT, "torchscript.pt")):
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 1)), os.path.join(OUT, "torchscript.pt"))

# 9. The file this library writes (see the header).
java_file = os.path.join(OUT, "written_by_java.pt")
if os.path.exists(java_file):
    loaded = torch.load(java_file, weights_only=True)
    check = {"keys": list(loaded.keys()), "tensors": {k: spec(v) for k, v in loaded.items()}}
    copy = mlp()
    copy.load_state_dict({k: v for k, v in loaded.items() if k in copy.state_dict()})
    check["mlp_output"] = spec(copy(x))
    check["mlp_output_equal"] = bool(torch.equal(copy(x), model(x)))
    with open(java_file, "rb") as f:
        raw = f.read()
    with zipfile.ZipFile(java_file) as z:
        starts = {}
        for info in z.infolist():
            name_length = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
            extra_length = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
            starts[info.filename] = info.header_offset + 30 + name_length + extra_length
    check["data_starts_mod_64"] = sorted(set(v % 64 for v in starts.values()))
    result["java_written"] = check

with open(os.path.join(HERE, "torch_files.json"), "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
