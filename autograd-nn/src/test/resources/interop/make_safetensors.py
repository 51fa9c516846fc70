# Fixtures for dev.autograd.io.SafeTensorsPyTorchTest, from PyTorch 1.13 (Debian's python3-torch;
# torch.__version__ reports 1.13.0a0). The `safetensors` package is not installed, so the files are
# written and read here with struct and json by the format's specification, the way the reference
# writer (safetensors' Rust `serialize`) lays them out: tensors by decreasing dtype alignment, then
# by name; compact JSON with "__metadata__" first; the header padded with spaces to a multiple of 8.
#
# Regenerate (from this folder):   /usr/bin/python3 make_safetensors.py
# It writes mlp.safetensors, mlp.json, dtype_*.safetensors, dtypes.json, and checks the file this
# library writes, from_java.safetensors (committed; SafeTensorsPyTorchTest fails if the library's
# output for the same tensors differs from it byte for byte, and prints how to refresh it), writing
# its findings to from_java_check.txt.
import json
import math
import os
import struct

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))

# the reference's Dtype enum, in its (increasing alignment) order
ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
         "F32", "F64", "I64", "U64"]
CODES = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16",
         torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32", torch.float32: "F32",
         torch.float64: "F64", torch.int64: "I64"}
DTYPES = {v: k for k, v in CODES.items()}
SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "F16": 2, "BF16": 2, "I32": 4, "F32": 4,
         "F64": 8, "I64": 8}


def raw_bytes(t):
    """The tensor's elements, row-major, little-endian (this machine is little-endian)."""
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def save(path, tensors, metadata=None):
    items = sorted(tensors.items(),
                   key=lambda kv: (-ORDER.index(CODES[kv[1].dtype]), kv[0].encode("utf-8")))
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name, t in items:
        data = raw_bytes(t)
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load(path):
    """Reads a file, checking it against the specification; returns (tensors, metadata, order)."""
    with open(path, "rb") as f:
        blob = f.read()
    assert len(blob) >= 8, "shorter than 8 bytes"
    (n,) = struct.unpack("<Q", blob[:8])
    assert n <= 100_000_000 and 8 + n <= len(blob), "bad header length %d" % n
    assert n % 8 == 0, "header length %d is not a multiple of 8" % n
    text = blob[8:8 + n].decode("utf-8")
    assert text.startswith("{"), "header does not start with {"

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), "duplicate keys %s" % keys
        return dict(pairs)

    header = json.loads(text, object_pairs_hook=no_duplicates)
    assert text.rstrip(" ") == json.dumps(header, separators=(",", ":"), ensure_ascii=False), \
        "header is not compact JSON padded with spaces"
    metadata = header.pop("__metadata__", None)
    data = blob[8 + n:]
    covered = 0
    tensors = {}
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        assert begin == covered, "tensor %s does not start where the previous one ends" % name
        numel = math.prod(info["shape"])
        assert end - begin == numel * SIZES[info["dtype"]], "tensor %s: wrong byte count" % name
        dtype = DTYPES[info["dtype"]]
        chunk = bytearray(data[begin:end])
        if numel == 0:
            t = torch.zeros(info["shape"], dtype=dtype)
        elif dtype == torch.bfloat16:
            t = torch.frombuffer(chunk, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(chunk, dtype=dtype)
        tensors[name] = t.reshape(info["shape"]).clone()
        covered = end
    assert covered == len(data), "the data is not covered to the end of the file"
    return tensors, metadata, list(header.keys())


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().to(torch.float64).flatten().tolist()}


def source():
    return "PyTorch " + torch.__version__ + ", make_safetensors.py"


# ---- an MLP, its state dict, fixed inputs and PyTorch's outputs
torch.manual_seed(21)
mlp = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
x = torch.randn(5, 4)
with torch.no_grad():
    y = mlp(x)
save(os.path.join(HERE, "mlp.safetensors"), mlp.state_dict(), {"format": "pt"})
back, _, _ = load(os.path.join(HERE, "mlp.safetensors"))
assert all(torch.equal(back[k], v) for k, v in mlp.state_dict().items())
with open(os.path.join(HERE, "mlp.json"), "w") as f:
    json.dump({"source": source(), "model": "Sequential(Linear(4, 8), Tanh(), Linear(8, 3))",
               "keys": list(mlp.state_dict().keys()), "input": spec(x), "output": spec(y)},
              f, indent=1)
    f.write("\n")

# ---- one file per dtype this library reads, with known values (edge cases of each type)
inf, nan = float("inf"), float("nan")
cases = {
    "F16": torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.103515625e-05, 5.960464477539063e-08,
                         1 / 3, inf, -inf, nan], dtype=torch.float16),
    "BF16": torch.tensor([0.0, -0.0, 1.0, -2.5, 3.3895313892515355e38, 1.1754943508222875e-38,
                          9.183549615799121e-41, 1 / 3, inf, -inf, nan], dtype=torch.bfloat16),
    "I8": torch.tensor([[-128, -1, 0], [1, 100, 127]], dtype=torch.int8),
    "U8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
    "I16": torch.tensor([-32768, -1, 0, 32767], dtype=torch.int16),
    "I32": torch.tensor([-2147483648, -1, 0, 2147483647], dtype=torch.int32),
    "BOOL": torch.tensor([[True, False], [False, True]]),
    "I64": torch.tensor([-(2 ** 53), -1, 0, 2 ** 53], dtype=torch.int64),
    "F64": torch.tensor([math.pi, -0.0, 5e-324, 1.7976931348623157e308], dtype=torch.float64),
}
expected = {}
for code, t in cases.items():
    name = "dtype_" + code.lower() + ".safetensors"
    save(os.path.join(HERE, name), {"values": t, "scalar": t.flatten()[2].clone()})
    expected[name] = {"dtype": code, "values": spec(t), "scalar": spec(t.flatten()[2])}
with open(os.path.join(HERE, "dtypes.json"), "w") as f:
    json.dump({"source": source(), "files": expected}, f, indent=1)
    f.write("\n")

# ---- the file this library writes (SafeTensorsPyTorchTest#theLibrarysFileIsTheCommittedOne):
# the same tensors, built here from the same formulas, must come back exactly
java_file = os.path.join(HERE, "from_java.safetensors")
lines = []
if os.path.exists(java_file):
    tensors, metadata, order = load(java_file)
    want = {
        "weight": torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.25 - 0.5,
        "transposed": torch.arange(1, 7, dtype=torch.float64).reshape(2, 3).t(),
        "steps": torch.tensor([-3, 0, 7, 2 ** 53], dtype=torch.int64),
        "mask": torch.tensor([[True, False], [False, True]]),
        "third": torch.tensor(1 / 3, dtype=torch.float64),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
        "unicode é": torch.tensor([1.5], dtype=torch.float32),
    }
    ok = True
    for name, w in want.items():
        got = tensors.get(name)
        same = got is not None and got.dtype == w.dtype and got.shape == w.shape \
            and torch.equal(got, w)
        ok &= same
        lines.append("%-12s %s %-14s %s" % (name, CODES[w.dtype], list(w.shape),
                                            "equal" if same else "DIFFERENT: %r" % (got,)))
    extra = sorted(set(tensors) - set(want))
    ok &= not extra
    reference_order = [k for k, _ in sorted(
        want.items(), key=lambda kv: (-ORDER.index(CODES[kv[1].dtype]), kv[0].encode("utf-8")))]
    ok &= order == reference_order
    ok &= metadata == {"format": "pt", "written_by": "autograd-java"}
    lines.append("header order %s the reference writer's: %s" % (
        "is" if order == reference_order else "IS NOT", order))
    lines.append("metadata %r" % (metadata,))
    lines.append("extra tensors: %s" % (extra or "none"))
    lines.append("RESULT: " + ("OK, every tensor read by PyTorch equals the expected one"
                               if ok else "FAILED"))
else:
    lines.append("RESULT: from_java.safetensors missing")
with open(os.path.join(HERE, "from_java_check.txt"), "w") as f:
    f.write("# " + source() + ": from_java.safetensors read with this script's strict reader\n")
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))

# ---- the CNNs of torch_files.py (run it first), in this format too: the same state dicts, which
# ModuleInteropTest loads from both files and checks against the outputs torch_files.json holds
for name in ["cnn", "lenet", "normed"]:
    state = torch.load(os.path.join(HERE, "pt", name + ".pt"), weights_only=True)
    save(os.path.join(HERE, name + ".safetensors"), state, {"format": "pt"})
