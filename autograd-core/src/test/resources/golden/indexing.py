# Golden values for the indexing and ordering ops (gather, scatter, scatter_add, index_add,
# index_copy, masked_fill, masked_select, sort, argsort, topk, nonzero), from PyTorch 1.13.1 (CPU).
# Regenerate: /usr/bin/python3 indexing.py > indexing.json
# "cases" are in ops.json's format: grads[i] is the gradient of sum(output * upstream) with respect
# to inputs[i]. Index and mask arguments are in attrs, flattened, with their shapes. Cases with
# "smooth": false have ties, where the gradient is PyTorch's choice but finite differences are not
# valid. "indices" holds the INT64 results; "errors" the inputs PyTorch refuses, with its message.
import json
import torch


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


DTYPES = [(torch.float64, "float64"), (torch.float32, "float32")]
cases = []


def values(shape, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(shape, generator=g, dtype=torch.float64) * 4 - 2).to(dtype)


def case(name, op, attrs, inputs, f, smooth=True):
    for dtype, dname in DTYPES:
        xs = [values(s, dtype, 7 + i).requires_grad_(True) for i, s in enumerate(inputs)]
        out = f(*xs)
        upstream = torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.5
        out.backward(upstream)
        cases.append({"name": f"{name} {dname}", "op": op, "attrs": attrs, "dtype": dname,
                      "smooth": smooth, "inputs": [spec(x) for x in xs], "output": spec(out),
                      "upstream": spec(upstream), "grads": [spec(x.grad) for x in xs]})


def tied(name, op, attrs, data, f):
    """A case of given input values (with ties), float64 and float32."""
    for dtype, dname in DTYPES:
        x = torch.tensor(data, dtype=dtype).requires_grad_(True)
        out = f(x)
        upstream = torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.5
        out.backward(upstream)
        cases.append({"name": f"{name} {dname}", "op": op, "attrs": attrs, "dtype": dname,
                      "smooth": False, "inputs": [spec(x)], "output": spec(out),
                      "upstream": spec(upstream), "grads": [spec(x.grad)]})


def idx(data):
    t = torch.tensor(data, dtype=torch.int64)
    return t, {"index": t.reshape(-1).tolist(), "index_shape": list(t.shape)}


def mask(data):
    t = torch.tensor(data, dtype=torch.bool)
    return t, {"mask": t.reshape(-1).long().tolist(), "mask_shape": list(t.shape)}


# ---- gather
for dim, data, shape in [(1, [[0, 3, 3], [1, 1, 0], [2, 0, 3]], [3, 4]),
                         (-2, [[2, 0, 1, 1], [0, 0, 2, 1]], [3, 4]),
                         (0, [[[1, 0, 1]], [[0, 0, 1]]], [2, 2, 3]),
                         (1, [[[0, 2, 1]], [[1, 1, 0]]], [2, 3, 3]),
                         (0, [2, 2, 0], [4]),
                         (0, 2, [4]),
                         (0, 0, []),
                         (1, [[], [], []], [3, 4])]:
    i, a = idx(data)
    a["dim"] = dim
    case(f"gather {shape} dim {dim} index {list(i.shape)}", "gather", a, [shape],
         lambda x: x.gather(dim, i))

# ---- scatter (no repeated positions: PyTorch's result is undefined there)
for dim, data, shape, src in [(1, [[3, 0], [1, 2], [0, 3]], [3, 4], [3, 2]),
                              (-2, [[2, 0, 1, 1]], [3, 4], [1, 4]),
                              (0, [[1], [0]], [2, 3], [2, 1]),
                              (0, 0, [], [])]:
    i, a = idx(data)
    a["dim"] = dim
    case(f"scatter {shape} dim {dim} src {src}", "scatter", a, [shape, src],
         lambda x, s: x.scatter(dim, i, s))
    a2 = dict(a, value=-0.75)
    case(f"scatter {shape} dim {dim} value -0.75", "scatter_value", a2, [shape],
         lambda x: x.scatter(dim, i, -0.75))

# ---- scatter_add (repeated positions accumulate)
for dim, data, shape, src in [(1, [[3, 3, 0], [1, 1, 1], [0, 2, 0]], [3, 4], [3, 3]),
                              (0, [[1, 1, 0, 1], [1, 0, 0, 1]], [3, 4], [2, 4]),
                              (-1, [[0, 0]], [2, 2], [1, 2]),
                              (0, 0, [], []),
                              (0, [[]], [2, 3], [1, 0])]:
    i, a = idx(data)
    a["dim"] = dim
    case(f"scatter_add {shape} dim {dim} src {src}", "scatter_add", a, [shape, src],
         lambda x, s: x.scatter_add(dim, i, s))

# ---- index_add (repeated positions accumulate)
for dim, data, shape, src, alpha in [(0, [3, 0, 3], [4, 3], [3, 3], 1.0),
                                     (0, [3, 0, 3], [4, 3], [3, 3], 2.5),
                                     (-1, [1, 1], [2, 3], [2, 2], -0.5),
                                     (1, [2], [2, 3, 2], [2, 1, 2], 1.0),
                                     (0, [0], [], [], 1.0),
                                     (0, [], [3, 2], [0, 2], 1.0)]:
    i, a = idx(data)
    a["dim"] = dim
    a["alpha"] = alpha
    case(f"index_add {shape} dim {dim} index {data} alpha {alpha}", "index_add", a, [shape, src],
         lambda x, s: x.index_add(dim, i, s, alpha=alpha))

# ---- index_copy (no repeated positions)
for dim, data, shape, src in [(0, [3, 0], [4, 3], [2, 3]),
                              (-1, [2, 0, 1], [2, 3], [2, 3]),
                              (1, [0], [2, 2, 2], [2, 1, 2]),
                              (0, [0], [], [])]:
    i, a = idx(data)
    a["dim"] = dim
    case(f"index_copy {shape} dim {dim} index {data}", "index_copy", a, [shape, src],
         lambda x, s: x.index_copy(dim, i, s))

# ---- masked_fill, masked_select (the mask broadcasts)
for shape, data in [([2, 3], [[True, False, True], [False, False, True]]),
                    ([2, 3], [True, False, True]),
                    ([2, 3], [[False], [True]]),
                    ([3], [[True, False, True], [False, True, True]]),
                    ([], True),
                    ([2, 3], [[False] * 3] * 2)]:
    m, a = mask(data)
    case(f"masked_fill {shape} mask {list(m.shape)}", "masked_fill", dict(a, value=1.5), [shape],
         lambda x: x.masked_fill(m, 1.5))
    case(f"masked_fill {shape} mask {list(m.shape)} 0-d value", "masked_fill_tensor", a,
         [shape, []], lambda x, v: x.masked_fill(m, v))
    case(f"masked_select {shape} mask {list(m.shape)}", "masked_select", a, [shape],
         lambda x: x.masked_select(m))

# ---- sort and topk: values (random inputs have no ties)
for dim, shape, desc in [(1, [3, 5], False), (1, [3, 5], True), (0, [4, 2], True),
                         (-1, [2, 3, 4], False), (0, [], False), (0, [0], False)]:
    a = {"dim": dim, "descending": desc, "stable": True}
    case(f"sort {shape} dim {dim} descending {desc}", "sort", a, [shape],
         lambda x: x.sort(dim=dim, descending=desc, stable=True).values)
for k, dim, shape, largest in [(2, 1, [3, 5], True), (3, 1, [3, 5], False), (1, 0, [4, 2], True),
                               (4, -1, [2, 3, 4], False), (0, 1, [3, 5], True),
                               (1, 0, [], True), (5, 1, [3, 5], True)]:
    a = {"k": k, "dim": dim, "largest": largest, "sorted": True}
    case(f"topk {shape} k {k} dim {dim} largest {largest}", "topk", a, [shape],
         lambda x: x.topk(k, dim, largest, True).values)

# ties: stable order decides which tied element each gradient goes to
ties = [[2.0, 1.0, 2.0, 0.5, 1.0], [3.0, 3.0, 3.0, -1.0, 3.0]]
for desc in [False, True]:
    a = {"dim": 1, "descending": desc, "stable": True}
    tied(f"sort ties descending {desc}", "sort", a, ties,
         lambda x: x.sort(dim=1, descending=desc, stable=True).values)

# ---- INT64 results
indices = []


def index_case(name, call, attrs, data, out):
    indices.append({"name": name, "call": call, "attrs": attrs, "input": spec(torch.tensor(data)),
                    "output": spec(out)})


nan = float("nan")
for data in [ties, [[1.0, nan, 0.0, nan, -2.0]], [[-0.0, 0.0, 1.0, -1.0]]]:
    x = torch.tensor(data, dtype=torch.float64)
    for desc in [False, True]:
        index_case(f"sort {data} descending {desc}", "sort", {"dim": 1, "descending": desc},
                   data, x.sort(dim=1, descending=desc, stable=True).indices)
        index_case(f"argsort {data} descending {desc}", "argsort", {"dim": -1, "descending": desc},
                   data, x.argsort(-1, desc))
x = torch.tensor([[1.0, nan, 0.0, 4.0, -2.0]], dtype=torch.float64)
for largest in [True, False]:
    index_case(f"topk nan largest {largest}", "topk", {"k": 3, "dim": 1, "largest": largest},
               x.tolist(), x.topk(3, 1, largest, True).indices)
    index_case(f"topk nan largest {largest} values", "topk_values",
               {"k": 3, "dim": 1, "largest": largest}, x.tolist(),
               x.topk(3, 1, largest, True).values)
for data in [[[0.0, 1.5, 0.0], [nan, 0.0, -2.0]], [0.0, 3.0, 0.0, 1.0], 3.0, 0.0, [[]],
             [[[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [2.0, 0.0]]]]:
    index_case(f"nonzero {data}", "nonzero", {}, data, torch.tensor(data).nonzero())

# ---- errors
errors = []


def error(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the message is what is recorded
        errors.append({"name": name, "error": str(e).split("\n")[0]})
        return
    raise AssertionError(name + " did not fail")


x = torch.zeros(2, 3)
L = torch.int64
error("gather index out of range", lambda: x.gather(1, torch.tensor([[0, 3]])))
error("gather negative index", lambda: x.gather(1, torch.tensor([[-1]])))
error("gather index not int64", lambda: x.gather(1, torch.tensor([[0.0]])))
error("gather rank mismatch", lambda: x.gather(1, torch.tensor([0, 1])))
error("gather index too large", lambda: x.gather(1, torch.tensor([[0], [1], [1]])))
error("gather dim out of range", lambda: x.gather(2, torch.tensor([[0]])))
error("scatter index out of range", lambda: x.scatter(0, torch.tensor([[2]]), torch.ones(1, 1)))
error("scatter src too small", lambda: x.scatter(1, torch.tensor([[0, 1]]), torch.ones(1, 1)))
error("scatter src rank mismatch", lambda: x.scatter(1, torch.tensor([[0]]), torch.ones(1)))
error("scatter src dtype", lambda: x.scatter(1, torch.tensor([[0]]), torch.ones(1, 1, dtype=torch.float64)))
error("scatter_add index out of range", lambda: x.scatter_add(1, torch.tensor([[5]]), torch.ones(1, 1)))
error("scatter_add index not int64", lambda: x.scatter_add(1, torch.tensor([[True]]), torch.ones(1, 1)))
error("index_add index out of range", lambda: x.index_add(0, torch.tensor([2]), torch.ones(1, 3)))
error("index_add index 2-D", lambda: x.index_add(0, torch.tensor([[0]]), torch.ones(1, 3)))
error("index_add source count", lambda: x.index_add(0, torch.tensor([0, 1]), torch.ones(1, 3)))
error("index_add source slice", lambda: x.index_add(0, torch.tensor([0]), torch.ones(1, 2)))
error("index_copy index out of range", lambda: x.index_copy(0, torch.tensor([2]), torch.ones(1, 3)))
error("index_copy source slice", lambda: x.index_copy(0, torch.tensor([0]), torch.ones(1, 2)))
error("masked_fill mask not broadcastable", lambda: x.masked_fill(torch.tensor([True, False]), 1.0))
error("masked_fill value not 0-d", lambda: x.masked_fill(torch.tensor([True, False, True]), torch.ones(2)))
error("masked_select mask not bool", lambda: x.masked_select(torch.tensor([1, 0, 1])))
error("masked_select mask not broadcastable", lambda: x.masked_select(torch.tensor([True, False])))
error("topk k too large", lambda: x.topk(4, 1))
error("topk k negative", lambda: x.topk(-1, 1))
error("sort dim out of range", lambda: x.sort(2))

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", indexing.py", "cases": cases,
                  "indices": indices, "errors": errors}))
