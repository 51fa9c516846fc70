# Golden values for prod, cumprod, einsum, and x[indices] / index_put with a BOOL mask or an INT64
# index, from PyTorch 1.13 (CPU), float64. Without opt_einsum, as here, einsum contracts its
# operands left to right.
# Regenerate: /usr/bin/python3 more_ops.py > more_ops.json
# "cases" are in ops.json's format: grads[i] is the gradient of sum(output * upstream) with respect
# to inputs[i]; "second"[i] is the gradient of sum_j sum(grads[j] * directions[j]) with respect to
# inputs[i] (second derivatives: a Hessian-vector product), zeros where PyTorch has none. Mask and
# index arguments are in attrs, flattened, with their shapes. "errors" holds the inputs PyTorch
# refuses, with its message.
import json
import torch

torch.backends.opt_einsum.enabled = False
D = torch.float64


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


cases = []


def record(name, op, attrs, xs, f, second_of=None):
    """second_of: the same function, computed another way for its second derivatives."""
    xs = [x.to(D).requires_grad_(True) for x in xs]
    out = f(*xs)
    upstream = torch.linspace(-1, 1, out.numel(), dtype=D).reshape(out.shape) + 0.5
    if second_of is not None:
        out = second_of(*xs)
    grads = torch.autograd.grad(out, xs, upstream, create_graph=True, allow_unused=True)
    grads = [torch.zeros_like(x) if g is None else g for x, g in zip(xs, grads)]
    directions = [torch.linspace(0.75, -1.25, x.numel(), dtype=D).reshape(x.shape) for x in xs]
    total = sum((g * w).sum() for g, w in zip(grads, directions))
    second = [None] * len(xs)
    if total.requires_grad:
        second = torch.autograd.grad(total, xs, allow_unused=True)
    second = [torch.zeros_like(x) if s is None else s for x, s in zip(xs, second)]
    cases.append({"name": name, "op": op, "attrs": attrs, "dtype": "float64",
                  "inputs": [spec(x) for x in xs], "output": spec(out), "upstream": spec(upstream),
                  "grads": [spec(g) for g in grads], "directions": [spec(w) for w in directions],
                  "second": [spec(s) for s in second]})


def rand(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=g, dtype=D) * 3 - 1.5


# ---- prod and cumprod: rows with no zero, one zero and two zeros
rows = torch.tensor([[1.5, -0.5, 2.0, 0.75],
                     [1.25, 0.0, -2.0, 0.5],
                     [0.0, 1.5, 0.0, -0.75]], dtype=D)
record("prod no zero", "prod", {}, [rows[0]], lambda x: x.prod())
record("prod one zero", "prod", {}, [rows[1]], lambda x: x.prod())
# NOTE: PyTorch 1.13's prod() gives two or more zeros a constant zero gradient (later versions fix
# it), so its second derivative there is 0 instead of the product of the other elements;
# prod(dim)'s backward, the same function here, has the right one.
record("prod two zeros", "prod", {}, [rows[2]], lambda x: x.prod(),
       second_of=lambda x: x.reshape(1, -1).prod(1).reshape(()))
record("prod matrix one zero", "prod", {}, [rows[:2]], lambda x: x.prod())
record("prod scalar", "prod", {}, [torch.tensor(1.75)], lambda x: x.prod())
for dim, keep in [(1, False), (1, True), (-1, False), (0, False), (0, True)]:
    record(f"prod dim {dim} keepdim {keep} zero rows", "prod_dim", {"dim": dim, "keepdim": keep},
           [rows], lambda x: x.prod(dim, keepdim=keep))
record("prod dim 1 random", "prod_dim", {"dim": 1, "keepdim": False}, [rand([2, 3, 4], 1)],
       lambda x: x.prod(1))
record("prod dim 0 scalar", "prod_dim", {"dim": 0, "keepdim": False}, [torch.tensor(-0.5)],
       lambda x: x.prod(0))
for dim in [1, -1, 0]:
    record(f"cumprod dim {dim} zero rows", "cumprod", {"dim": dim}, [rows],
           lambda x: x.cumprod(dim))
record("cumprod one zero at start", "cumprod", {"dim": 0}, [torch.tensor([0.0, 1.5, -2.0, 0.5])],
       lambda x: x.cumprod(0))
record("cumprod one zero at end", "cumprod", {"dim": 0}, [torch.tensor([1.5, -2.0, 0.5, 0.0])],
       lambda x: x.cumprod(0))
record("cumprod dim 1 random", "cumprod", {"dim": 1}, [rand([2, 4, 3], 2)],
       lambda x: x.cumprod(1))
record("cumprod scalar", "cumprod", {"dim": 0}, [torch.tensor(1.25)], lambda x: x.cumprod(0))

# ---- einsum
equations = [
    ("ii", [[3, 3]]), ("ii->i", [[3, 3]]), ("ij->ji", [[2, 3]]), ("ij->", [[2, 3]]),
    ("ij", [[2, 3]]), ("ji", [[2, 3]]), ("ij->i", [[2, 3]]), ("...ii->...i", [[2, 3, 3]]),
    ("i...->...", [[3, 2, 2]]), ("iij,jk", [[3, 3, 2], [2, 4]]), ("i,i", [[4], [4]]),
    ("i,j->ij", [[3], [4]]), ("i,j", [[3], [4]]), ("ij,jk->ik", [[2, 3], [3, 4]]),
    ("ij,jk", [[2, 3], [3, 4]]), ("ij,jk->ik", [[2, 1], [3, 4]]), ("ij,ij->ij", [[2, 3], [2, 3]]),
    ("ij,kl->ijkl", [[2, 2], [3, 2]]), ("ii,i->i", [[3, 3], [3]]),
    ("bij,bjk->bik", [[2, 3, 4], [2, 4, 5]]), ("bij,bkj->bik", [[2, 3, 4], [2, 5, 4]]),
    ("...ij,...jk->...ik", [[2, 1, 3, 4], [5, 4, 2]]), ("i...,i...->...", [[3, 2], [3, 2]]),
    ("bn,anm,bm->ba", [[2, 3], [4, 3, 5], [2, 5]]), ("ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]),
    ("i,i,i->", [[4], [4], [4]]), ("ab,bc,cd,de->ae", [[2, 3], [3, 2], [2, 4], [4, 3]]),
    ("bA,bc", [[2, 3], [2, 4]]), ("Ab,bA->", [[2, 3], [3, 2]]), (" i j , j k -> i k ", [[2, 3], [3, 2]]),
    ("", [[]]), (",->", [[], []]), ("i,->i", [[3], []]), ("ijk,ikj->i", [[2, 3, 3], [2, 3, 3]]),
]
for k, (eq, shapes) in enumerate(equations):
    xs = [rand(s, 10 + 7 * k + i) for i, s in enumerate(shapes)]
    record(f"einsum '{eq}' {shapes}", "einsum", {"equation": eq}, xs,
           lambda *x: torch.einsum(eq, *x))


# ---- x[mask], x[index] and index_put
def mask(data):
    t = torch.tensor(data, dtype=torch.bool)
    return t, {"mask": t.reshape(-1).long().tolist(), "mask_shape": list(t.shape)}


def index(data):
    t = torch.tensor(data, dtype=torch.int64)
    return t, {"index": t.reshape(-1).tolist(), "index_shape": list(t.shape)}


for shape, data in [([3, 4], [True, False, True]),
                    ([3, 4], [[True, False, True, True], [False] * 4, [False, True, False, True]]),
                    ([2, 3, 2], [[True, False, True], [False, True, True]]),
                    ([], True), ([], False), ([3, 4], [False] * 3)]:
    m, a = mask(data)
    record(f"index {shape} mask {list(m.shape)} {m.sum().item()} true", "index_mask", a,
           [rand(shape, 3)], lambda x: x[m])
    n = int(m.sum().item())
    rest = shape[m.dim():]
    # PyTorch's index_put refuses a 0-d self ("too many indices"), though x[mask] takes it
    for vshape in [] if shape == [] else [[n] + rest, rest, []]:
        record(f"index_put {shape} mask {list(m.shape)} {n} true values {vshape}",
               "index_put_mask", a, [rand(shape, 4), rand(vshape, 5)],
               lambda x, v: x.index_put((m,), v))

for shape, data in [([4, 3], [2, -1, 0]), ([4, 3], [[0, 3], [-4, 1]]), ([4, 3], 2),
                    ([5], [[0, 4], [-1, 2]]), ([4, 3], [[]])]:
    i, a = index(data)
    record(f"index {shape} index {data}", "index_long", a, [rand(shape, 6)], lambda x: x[i])
for shape, data, vshape in [([4, 3], [2, -1, 0], [3, 3]), ([4, 3], [2, -1, 0], [3]),
                            ([4, 3], [[0], [3]], [2, 1, 3]), ([5], [[0, 4], [-2, 1]], []),
                            ([5], [[0, 4], [-2, 1]], [2, 2])]:
    i, a = index(data)
    record(f"index_put {shape} index {data} values {vshape}", "index_put_long", a,
           [rand(shape, 7), rand(vshape, 8)], lambda x, v: x.index_put((i,), v))

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
y = torch.zeros(3, 4)
error("einsum fewer operands", lambda: torch.einsum("ij,jk", x))
error("einsum more operands", lambda: torch.einsum("ij", x, y))
error("einsum too many subscripts", lambda: torch.einsum("ijk", x))
error("einsum too few subscripts", lambda: torch.einsum("i", x))
error("einsum too many subscripts with ellipsis", lambda: torch.einsum("ijk...", x))
error("einsum sizes differ", lambda: torch.einsum("ij,jk", x, torch.zeros(2, 4)))
error("einsum repeated sizes differ", lambda: torch.einsum("ii", x))
error("einsum invalid character", lambda: torch.einsum("i1", x))
error("einsum invalid output character", lambda: torch.einsum("ij->i!", x))
error("einsum unknown output subscript", lambda: torch.einsum("ij->k", x))
error("einsum repeated output subscript", lambda: torch.einsum("ij->ii", x))
error("einsum lone dot", lambda: torch.einsum("i.j", x))
error("einsum two ellipses", lambda: torch.einsum("...i...", x))
error("einsum two output ellipses", lambda: torch.einsum("ij->......", x))
error("einsum output dots", lambda: torch.einsum("ij->..", x))
error("einsum ellipsis sizes differ", lambda: torch.einsum("...i,...i", x, torch.zeros(4, 3)))
error("index mask shape", lambda: x[torch.ones(2, 4, dtype=torch.bool)])
error("index mask first dim", lambda: x[torch.ones(3, dtype=torch.bool)])
error("index mask too many dims", lambda: x[torch.ones(2, 3, 1, dtype=torch.bool)])
error("index out of bounds", lambda: x[torch.tensor([2])])
error("index negative out of bounds", lambda: x[torch.tensor([-3])])
error("index float", lambda: x[torch.tensor([1.0])])
error("index of a 0-d tensor", lambda: torch.tensor(1.0)[torch.tensor([0])])
error("index_put values shape", lambda: x.index_put((torch.tensor([True, False]),), torch.ones(2)))
error("index_put values dtype",
      lambda: x.index_put((torch.tensor([True, False]),), torch.ones(3, dtype=torch.float64)))
error("index_put mask shape", lambda: x.index_put((torch.ones(3, dtype=torch.bool),), torch.ones(3)))
error("index_put index out of bounds", lambda: x.index_put((torch.tensor([2]),), torch.ones(3)))
error("prod dim out of range", lambda: x.prod(2))
error("cumprod dim out of range", lambda: x.cumprod(-3))

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", more_ops.py", "cases": cases,
                  "errors": errors}))
