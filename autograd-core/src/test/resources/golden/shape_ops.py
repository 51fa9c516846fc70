# Golden values for split, chunk, unbind, repeat, tile, flip, roll, tril, triu, outer, floor, ceil,
# round and trunc, from
# PyTorch 1.13.1 (CPU), in ops.json's format.
# Regenerate: /usr/bin/python3 shape_ops.py > shape_ops.json
# grads[i] is the gradient of sum(output * upstream) with respect to inputs[i]. The ops that give
# several tensors (split, chunk, unbind) are checked on one piece, named by attrs["piece"].
import json
import torch


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


cases = []


def case(name, op, attrs, shapes, f):
    for dtype, dname in [(torch.float64, "float64"), (torch.float32, "float32")]:
        g = torch.Generator().manual_seed(len(cases) + 3)
        xs = [(torch.rand(s, generator=g, dtype=torch.float64) * 4 - 2).to(dtype).requires_grad_(True)
              for s in shapes]
        out = f(*xs)
        upstream = torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.5
        out.backward(upstream)
        cases.append({"name": f"{name} {dname}", "op": op, "attrs": attrs, "dtype": dname,
                      "inputs": [spec(x) for x in xs], "output": spec(out),
                      "upstream": spec(upstream),
                      "grads": [None if x.grad is None else spec(x.grad) for x in xs]})


case("split 2 dim 0 piece 2", "split", {"split_size": 2, "dim": 0, "piece": 2}, [[5, 3]],
     lambda x: x.split(2, 0)[2])
case("split sizes dim 1 piece 1", "split_with_sizes", {"split_sizes": [1, 3], "dim": 1, "piece": 1},
     [[2, 4]], lambda x: x.split([1, 3], 1)[1])
case("chunk 3 dim -1 piece 1", "chunk", {"chunks": 3, "dim": -1, "piece": 1}, [[2, 7]],
     lambda x: x.chunk(3, -1)[1])
case("unbind dim 1 piece 2", "unbind", {"dim": 1, "piece": 2}, [[2, 3, 2]],
     lambda x: x.unbind(1)[2])
case("repeat 2 3", "repeat", {"repeats": [2, 3]}, [[2, 2]], lambda x: x.repeat(2, 3))
case("repeat new dim", "repeat", {"repeats": [2, 1, 2]}, [[3, 2]], lambda x: x.repeat(2, 1, 2))
case("repeat scalar", "repeat", {"repeats": [3]}, [[]], lambda x: x.repeat(3))
case("tile short", "tile", {"dims": [2]}, [[2, 3]], lambda x: x.tile((2,)))
case("flip 0 2", "flip", {"dims": [0, 2]}, [[2, 3, 2]], lambda x: x.flip([0, 2]))
case("roll 1 dim 1", "roll", {"shifts": [1], "dims": [1]}, [[2, 4]], lambda x: x.roll(1, 1))
case("roll two dims", "roll", {"shifts": [-1, 2], "dims": [0, 1]}, [[3, 4]],
     lambda x: x.roll((-1, 2), (0, 1)))
case("roll flat", "roll", {"shifts": [3], "dims": []}, [[2, 3]], lambda x: x.roll(3))
case("tril 0", "tril", {"diagonal": 0}, [[3, 4]], lambda x: x.tril(0))
case("tril -1 batched", "tril", {"diagonal": -1}, [[2, 3, 3]], lambda x: x.tril(-1))
case("triu 1", "triu", {"diagonal": 1}, [[4, 3]], lambda x: x.triu(1))
case("outer", "outer", {}, [[3], [4]], lambda x, y: torch.outer(x, y))

def fixed(name, op, values, f):
    for dtype, dname in [(torch.float64, "float64"), (torch.float32, "float32")]:
        xs = [torch.tensor(v, dtype=dtype).requires_grad_(True) for v in values]
        out = f(*xs)
        upstream = torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.5
        out.backward(upstream)
        cases.append({"name": f"{name} {dname}", "op": op, "attrs": {}, "dtype": dname,
                      "inputs": [spec(x) for x in xs], "output": spec(out),
                      "upstream": spec(upstream),
                      "grads": [None if x.grad is None else spec(x.grad) for x in xs]})


# dividends and divisors of both signs, away from the quotient's integers (where the gradient in
# the divisor jumps)
dividends = [5.3, -5.3, 2.9, -2.9, 0.4, -7.7]
divisors = [2.0, 2.0, -1.3, -1.3, 0.7, 3.1]
fixed("fmod signs", "fmod", [dividends, divisors], torch.fmod)
fixed("remainder signs", "remainder", [dividends, divisors], torch.remainder)
fixed("lerp tensor weight", "lerp", [[1.0, -2.0, 3.5], [4.0, 0.5, -1.0], [0.25, 0.5, 1.5]], torch.lerp)

case("cumsum dim 1", "cumsum", {"dim": 1}, [[3, 4]], lambda x: x.cumsum(1))
case("cumsum dim -3", "cumsum", {"dim": -3}, [[3, 2, 2]], lambda x: x.cumsum(-3))

case("meshgrid ij piece 1", "meshgrid", {"indexing": "ij", "piece": 1}, [[3], [4]],
     lambda x, y: torch.meshgrid(x, y, indexing="ij")[1])
case("meshgrid xy piece 0", "meshgrid", {"indexing": "xy", "piece": 0}, [[3], [4], [2]],
     lambda x, y, z: torch.meshgrid(x, y, z, indexing="xy")[0])
one_hot = torch.nn.functional.one_hot(torch.tensor([[0, 3], [2, 2]]), 5)
extra = {"one_hot": {"indices": [[0, 3], [2, 2]], "num_classes": 5, "output": spec(one_hot),
                     "inferred": spec(torch.nn.functional.one_hot(torch.tensor([1, 4, 0])))}}

# bounds of both orders (min > max gives max, as PyTorch's min(max(x, lo), hi)), away from ties
fixed("clamp tensor bounds", "clamp_tensor",
      [[-1.7, -0.2, 0.3, 1.9, 0.8, -0.9], [-1.0, -0.5, 0.5, -0.4, 1.2, -2.0],
       [1.0, 0.4, 1.5, 1.0, 0.6, -1.2]],
      lambda x, lo, hi: torch.clamp(x, lo, hi))

for op in ["floor", "ceil", "round", "trunc"]:
    case(op, op, {}, [[12]], getattr(torch, op))

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", shape_ops.py", "cases": cases,
                  **extra}))
