# Golden values for embedding (torch.nn.functional.embedding) and embedding_bag, from PyTorch 1.13.
# Regenerate: /usr/bin/python3 embedding.py > embedding.json
# For each case: the weight and indices, the call's settings, the output, the upstream gradient and
# the weight's gradient of sum(output * upstream); for max_norm, the weight after the call (PyTorch
# renormalises the rows it reads in place, before the lookup), and the second-order gradient of
# sum(grad * v) with respect to the upstream (embedding is linear in the weight).
import json
import torch
import torch.nn.functional as F


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def weight(n, d, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, d, generator=g, dtype=torch.float64) * 2 - 1


cases = []


def case(name, n, d, indices, **kw):
    w = weight(n, d, 7)
    idx = torch.tensor(indices, dtype=torch.long)
    before = w.clone()
    w.requires_grad_(True)
    # max_norm writes into the weight in place, without recording: as PyTorch's own test does,
    # call it on a leaf under no_grad first to see the renormalised weight
    if kw.get("max_norm") is not None:
        with torch.no_grad():
            F.embedding(idx, w, **kw)
    out = F.embedding(idx, w, **kw)
    upstream = torch.linspace(-1, 1, out.numel(), dtype=torch.float64).reshape(out.shape) + 0.25
    (grad,) = torch.autograd.grad(out, w, upstream)
    cases.append({"name": name, "op": "embedding", "weight": spec(before), "indices": spec(idx),
                  "padding_idx": kw.get("padding_idx"), "max_norm": kw.get("max_norm"),
                  "norm_type": kw.get("norm_type", 2.0),
                  "scale_grad_by_freq": kw.get("scale_grad_by_freq", False),
                  "output": spec(out), "upstream": spec(upstream), "grad": spec(grad),
                  "weight_after": spec(w)})


case("1-D indices", 5, 3, [4, 0, 2, 0])
case("2-D indices", 6, 4, [[1, 2, 5], [5, 0, 1]])
case("0-d index", 4, 2, 3)
case("padding_idx", 5, 3, [[0, 2, 0], [4, 2, 1]], padding_idx=0)
case("negative padding_idx", 5, 3, [4, 1, 4, 3], padding_idx=-1)
case("scale_grad_by_freq", 5, 3, [1, 1, 1, 3, 2, 3], scale_grad_by_freq=True)
case("scale_grad_by_freq with padding", 5, 3, [1, 1, 0, 3, 0], scale_grad_by_freq=True, padding_idx=0)
case("max_norm", 5, 3, [0, 2, 2, 4], max_norm=0.5)
case("max_norm norm_type 1", 5, 3, [[1, 3], [3, 0]], max_norm=0.7, norm_type=1.0)

bags = []


def bag(name, n, d, indices, offsets=None, **kw):
    w = weight(n, d, 9).requires_grad_(True)
    idx = torch.tensor(indices, dtype=torch.long)
    off = None if offsets is None else torch.tensor(offsets, dtype=torch.long)
    psw = kw.pop("per_sample_weights", None)
    psw_t = None if psw is None else torch.tensor(psw, dtype=torch.float64, requires_grad=True)
    out = F.embedding_bag(idx, w, off, per_sample_weights=psw_t, **kw)
    upstream = torch.linspace(-1, 1, out.numel(), dtype=torch.float64).reshape(out.shape) + 0.25
    inputs = [w] + ([psw_t] if psw_t is not None else [])
    grads = torch.autograd.grad(out, inputs, upstream)
    bags.append({"name": name, "op": "embedding_bag", "weight": spec(w), "indices": spec(idx),
                 "offsets": None if off is None else spec(off), "mode": kw.get("mode", "mean"),
                 "padding_idx": kw.get("padding_idx"),
                 "include_last_offset": kw.get("include_last_offset", False),
                 "per_sample_weights": None if psw_t is None else spec(psw_t),
                 "output": spec(out), "upstream": spec(upstream), "grad": spec(grads[0]),
                 "psw_grad": None if psw_t is None else spec(grads[1])})


bag("2-D mean", 6, 3, [[1, 2, 4], [4, 3, 2]])
bag("2-D sum", 6, 3, [[1, 2, 4], [4, 4, 2]], mode="sum")
bag("2-D max", 6, 3, [[1, 2, 4], [0, 3, 5]], mode="max")
bag("offsets mean", 7, 2, [1, 2, 4, 5, 4, 3, 2, 6], [0, 3, 3, 6], mode="mean")
bag("offsets sum", 7, 2, [1, 2, 4, 5, 4, 3, 2, 6], [0, 2, 5], mode="sum")
bag("offsets max", 7, 2, [1, 2, 4, 5, 4, 3, 2, 6], [0, 2, 5], mode="max")
bag("include_last_offset", 7, 2, [1, 2, 4, 5, 4, 3], [0, 2, 4, 6], mode="sum",
    include_last_offset=True)
bag("per_sample_weights", 6, 3, [1, 2, 4, 4, 0], [0, 2], mode="sum",
    per_sample_weights=[0.5, -1.0, 2.0, 0.25, 1.5])
bag("padding_idx mean", 6, 3, [[1, 0, 4], [0, 0, 2]], mode="mean", padding_idx=0)
bag("padding_idx sum offsets", 6, 3, [1, 0, 4, 0, 0, 2], [0, 3, 4], mode="sum", padding_idx=0)

errors = []


def error(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the message is what is recorded
        errors.append({"name": name, "message": str(e).splitlines()[0]})
        return
    raise AssertionError(name + " did not fail")


w = weight(5, 3, 1)
error("index out of range", lambda: F.embedding(torch.tensor([5]), w))
error("float indices", lambda: F.embedding(torch.tensor([1.0]), w))
error("padding_idx out of range", lambda: F.embedding(torch.tensor([1]), w, padding_idx=5))
error("weight not 2-D", lambda: F.embedding(torch.tensor([1]), torch.zeros(5)))
error("bag offsets not starting at 0",
      lambda: F.embedding_bag(torch.tensor([1, 2]), w, torch.tensor([1]), mode="sum"))
error("bag 2-D with offsets",
      lambda: F.embedding_bag(torch.tensor([[1, 2]]), w, torch.tensor([0]), mode="sum"))
error("per_sample_weights with mean", lambda: F.embedding_bag(
    torch.tensor([1, 2]), w, torch.tensor([0]), mode="mean",
    per_sample_weights=torch.ones(2, dtype=torch.float64)))

print(json.dumps({"cases": cases, "bags": bags, "errors": errors}, indent=1))
