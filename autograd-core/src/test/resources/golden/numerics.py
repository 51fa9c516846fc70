# Golden values for the numerics of issue 17, from PyTorch 1.13.1 (CPU), in ops.json's format.
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate: /usr/bin/python3 numerics.py > numerics.json
# grads[i] is the gradient of sum(output * upstream) with respect to inputs[i], or null where the
# input does not require grad.
#
# "cases" are drawn away from kinks and poles, so that GoldenOpsTest also runs them through
# GradCheck: var and std with any correction, linalg.vector_norm for every ord, cross_entropy with
# class weights and label smoothing, nll_loss with weights, binary_cross_entropy with the target's
# gradient, binary_cross_entropy_with_logits with pos_weight, softplus(beta, threshold) and
# gelu(approximate).
# "edges" are where finite differences do not apply (NumericsTest): probabilities of exactly 0 and
# 1, norms at zero, variances of fewer elements than the correction, and float32 inputs with a
# large offset.
import json
import math
import torch
import torch.nn.functional as F

torch.manual_seed(17)


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


DTYPES = [(torch.float64, "float64"), (torch.float32, "float32")]


def case(name, op, attrs, dtype, inputs, fn, grad_of=None):
    """Runs fn on inputs (tensors of dtype); grad_of lists which inputs require grad."""
    grad_of = range(len(inputs)) if grad_of is None else grad_of
    xs = [x.clone().to(dtype).requires_grad_(i in grad_of) for i, x in enumerate(inputs)]
    out = fn(*xs)
    upstream = (torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.5
                if out.numel() > 1 else torch.full(out.shape, 1.25, dtype=dtype))
    wrt = [x for x in xs if x.requires_grad]
    grads = torch.autograd.grad(out, wrt, upstream, allow_unused=True) if wrt else []
    it = iter(grads)
    specs = []
    for x in xs:
        if not x.requires_grad:
            specs.append(None)
            continue
        g = next(it)
        # PyTorch returns no gradient where the result does not depend on the input (ord=0): zero.
        specs.append(spec(torch.zeros_like(x) if g is None else g))
    return {"name": name, "op": op, "attrs": attrs, "dtype": dtype_name(dtype),
            "inputs": [spec(x) for x in xs], "output": spec(out), "upstream": spec(upstream),
            "grads": specs}


def dtype_name(dtype):
    return "float64" if dtype == torch.float64 else "float32"


def away_from_zero(*shape, lo=0.3, hi=2.0):
    mag = torch.rand(*shape, dtype=torch.float64) * (hi - lo) + lo
    sign = torch.where(torch.rand(*shape) < 0.5, -1.0, 1.0).to(torch.float64)
    return mag * sign


def norm_call(a):
    dim = a["dim"]
    return lambda x: torch.linalg.vector_norm(x, ord=a["ord"], dim=dim, keepdim=a["keepdim"])


def var_call(fn, a):
    return lambda x: fn(x, dim=a["dim"], correction=a["correction"], keepdim=a["keepdim"])


cases = []
edges = []
for dtype, dn in DTYPES:
    # ---- var and std with any correction
    x = torch.randn(3, 5, dtype=torch.float64)
    for fn, op in [(torch.var, "var_correction"), (torch.std, "std")]:
        for dim, correction, keepdim in [(None, 0, False), (None, 1, False), (None, 3, False),
                                         ([1], 2, True), ([0, 1], 1, False), ([0], 0, False),
                                         ([-1], 4, False)]:
            a = {"dim": dim, "correction": correction, "keepdim": keepdim}
            cases.append(case(f"{op} dim={dim} correction={correction} keepdim={keepdim} {dn}",
                              op, a, dtype, [x], var_call(fn, a)))

    # ---- linalg.vector_norm for every ord, over all dims and some
    x = away_from_zero(3, 4)
    for ord_ in [0.5, 1.5, 3.0, -1.0, -2.5, 1.0, 2.0, math.inf, -math.inf, 0.0]:
        for dim, keepdim in [(None, False), ([1], False), ([0], True), ([0, 1], True)]:
            a = {"ord": ord_, "dim": dim, "keepdim": keepdim}
            cases.append(case(f"vector_norm ord={ord_} dim={dim} keepdim={keepdim} {dn}",
                              "vector_norm", a, dtype, [x], norm_call(a)))

    # ---- cross_entropy with class weights and label smoothing; nll_loss with weights
    logits = torch.randn(5, 4, dtype=torch.float64)
    weight = [0.5, 2.0, 1.0, 0.25]
    for target, ignore in [([3, 0, 1, 1, 2], -100), ([3, 0, -100, 1, 2], -100), ([3, 0, 1, 1, 2], 1)]:
        for w in [None, weight]:
            for smoothing in [0.0, 0.2]:
                for reduction in ["mean", "sum", "none"]:
                    a = {"target": target, "reduction": reduction, "weight": w,
                         "label_smoothing": smoothing, "ignore_index": ignore}
                    fn = (lambda a: lambda z: F.cross_entropy(
                        z, torch.tensor(a["target"]), reduction=a["reduction"],
                        weight=None if a["weight"] is None else torch.tensor(a["weight"], dtype=z.dtype),
                        label_smoothing=a["label_smoothing"], ignore_index=a["ignore_index"]))(a)
                    cases.append(case(f"cross_entropy target={target} ignore={ignore} weight={w} "
                                      f"smoothing={smoothing} {reduction} {dn}",
                                      "cross_entropy", a, dtype, [logits], fn))
    # 1-D logits and a 0-d target, with weights and smoothing
    a = {"target": 2, "reduction": "mean", "weight": weight, "label_smoothing": 0.1,
         "ignore_index": -100}
    cases.append(case(f"cross_entropy 1-D weight smoothing {dn}", "cross_entropy", a, dtype,
                      [logits[0]],
                      lambda z: F.cross_entropy(z, torch.tensor(2), weight=torch.tensor(weight, dtype=z.dtype),
                                                label_smoothing=0.1)))
    for target, ignore in [([3, 0, 1, 1, 2], -100), ([3, 0, 1, 1, 2], 0)]:
        for reduction in ["mean", "sum", "none"]:
            a = {"target": target, "reduction": reduction, "weight": weight, "ignore_index": ignore}
            # As in ops.json: nll_loss of log_softmax(inputs[0], dim=1), the gradient with respect
            # to the logits.
            fn = (lambda a: lambda z: F.nll_loss(
                F.log_softmax(z, 1), torch.tensor(a["target"]), reduction=a["reduction"],
                weight=torch.tensor(a["weight"], dtype=z.dtype), ignore_index=a["ignore_index"]))(a)
            cases.append(case(f"nll_loss weight ignore={ignore} {reduction} {dn}", "nll_loss", a,
                              dtype, [logits], fn))

    # ---- binary_cross_entropy: the gradients of input and target
    p = torch.rand(3, 4, dtype=torch.float64) * 0.9 + 0.05
    y = torch.rand(3, 4, dtype=torch.float64)
    for reduction in ["mean", "sum", "none"]:
        a = {"reduction": reduction}
        cases.append(case(f"binary_cross_entropy target grad {reduction} {dn}",
                          "binary_cross_entropy", a, dtype, [p, y],
                          (lambda r: lambda q, t: F.binary_cross_entropy(q, t, reduction=r))(reduction)))

    # ---- binary_cross_entropy_with_logits with pos_weight (per class, broadcast over rows)
    z = torch.randn(3, 4, dtype=torch.float64) * 2
    for pos_weight in [[3.0, 0.5, 1.0, 2.0], [4.0]]:
        for reduction in ["mean", "sum", "none"]:
            a = {"reduction": reduction, "pos_weight": pos_weight}
            fn = (lambda a: lambda q, t: F.binary_cross_entropy_with_logits(
                q, t, reduction=a["reduction"], pos_weight=torch.tensor(a["pos_weight"], dtype=q.dtype)))(a)
            cases.append(case(f"binary_cross_entropy_with_logits pos_weight={pos_weight} {reduction} {dn}",
                              "binary_cross_entropy_with_logits", a, dtype, [z, y], fn))

    # ---- softplus(beta, threshold) and gelu(approximate)
    x = torch.linspace(-4, 4, 12, dtype=torch.float64).reshape(3, 4) + 0.05
    for beta, threshold in [(2.0, 3.0), (0.5, 1.0), (1.0, 20.0), (3.0, 1.5)]:
        a = {"beta": beta, "threshold": threshold}
        cases.append(case(f"softplus beta={beta} threshold={threshold} {dn}", "softplus", a, dtype,
                          [x], (lambda b, t: lambda v: F.softplus(v, beta=b, threshold=t))(beta, threshold)))
    for approximate in ["none", "tanh"]:
        a = {"approximate": approximate}
        cases.append(case(f"gelu approximate={approximate} {dn}", "gelu", a, dtype, [x],
                          (lambda m: lambda v: F.gelu(v, approximate=m))(approximate)))

    # ================================================================ edges
    # ---- binary_cross_entropy at probabilities of exactly 0 and 1
    p = torch.tensor([[0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [0.25, 0.5, 0.0, 1.0, 0.75, 0.5]])
    y = torch.tensor([[0.0, 1.0, 1.0, 0.0, 0.3, 0.7], [0.25, 1.0, 0.5, 0.5, 0.0, 0.5]])
    for reduction in ["mean", "sum", "none"]:
        a = {"reduction": reduction}
        edges.append(case(f"binary_cross_entropy at 0 and 1 {reduction} {dn}",
                          "binary_cross_entropy", a, dtype, [p, y],
                          (lambda r: lambda q, t: F.binary_cross_entropy(q, t, reduction=r))(reduction)))

    # ---- vector_norm where the norm is 0 and at zero elements
    x = torch.tensor([[0.0, 0.0, 0.0], [0.0, 1.5, -2.0], [0.5, 0.0, -0.25]])
    for ord_ in [0.5, 1.5, 3.0, -1.0, 1.0, 2.0, math.inf, -math.inf, 0.0]:
        for dim in [None, [1], [0]]:
            a = {"ord": ord_, "dim": dim, "keepdim": False}
            edges.append(case(f"vector_norm at zero ord={ord_} dim={dim} {dn}", "vector_norm", a,
                              dtype, [x], norm_call(a)))
        a = {"ord": ord_, "dim": None, "keepdim": False}
        edges.append(case(f"vector_norm of zeros ord={ord_} {dn}", "vector_norm", a, dtype,
                          [torch.zeros(4)], norm_call(a)))

    # ---- var and std over fewer elements than the correction, and over none
    for fn, op in [(torch.var, "var_correction"), (torch.std, "std")]:
        for shape, dim, correction in [((2, 0), [1], 1), ((0,), None, 1), ((3, 1), [1], 1),
                                       ((3, 1), [1], 2), ((2, 2), [1], 2), ((2, 2), [1], 3),
                                       ((1,), None, 2), ((2,), None, 3), ((4,), None, 1),
                                       ((3, 2), [0], 5)]:
            a = {"dim": dim, "correction": correction, "keepdim": False}
            x = torch.arange(math.prod(shape), dtype=torch.float64).reshape(shape) * 0.5 - 0.25
            edges.append(case(f"{op} of {list(shape)} dim={dim} correction={correction} {dn}", op,
                              a, dtype, [x], var_call(fn, a)))
    # std of equal elements: the variance is 0, and so is std's gradient
    a = {"dim": [1], "correction": 1, "keepdim": False}
    edges.append(case(f"std of equal elements {dn}", "std", a, dtype,
                      [torch.tensor([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]])], var_call(torch.std, a)))



def offset_case(name, op, attrs, x, fn):
    """PyTorch's float32 value of fn(x), and the exact gradient: float64's, of the same inputs.

    PyTorch's own float32 gradients of logsumexp and var at a large offset are off by the rounding
    of the offset (its logsumexp backward takes exp(x - result) with the result rounded at the
    offset; its var backward subtracts a mean rounded there), by more than float32's tolerance.
    """
    c = case(name, op, attrs, torch.float32, [x], fn)
    exact = case(name, op, attrs, torch.float64, [x.double()], fn)
    c["grads"] = [spec(torch.tensor(exact["grads"][0]["data"]).float().reshape(x.shape))]
    return c


# ---- float32 with a large offset: the ulps of the result must not go to the offset's rounding
for offset in [1e4, 3e5]:
    x = (torch.randn(4, 6, dtype=torch.float64) * 3 + offset).float()
    tag = f"offset={offset:g} float32"
    edges.append(offset_case(f"log_softmax {tag}", "log_softmax", {"dim": 1}, x,
                             lambda v: F.log_softmax(v, 1)))
    edges.append(offset_case(f"softmax {tag}", "softmax", {"dim": 1}, x,
                             lambda v: F.softmax(v, 1)))
    edges.append(offset_case(f"logsumexp {tag}", "logsumexp", {"dim": 1, "keepdim": False}, x,
                             lambda v: torch.logsumexp(v, 1)))
    a = {"target": [0, 5, 2, 3], "reduction": "none", "weight": None, "label_smoothing": 0.0,
         "ignore_index": -100}
    edges.append(offset_case(f"cross_entropy {tag}", "cross_entropy", a, x,
                             lambda v: F.cross_entropy(v, torch.tensor([0, 5, 2, 3]),
                                                       reduction="none")))
    a = {"dim": [1], "correction": 1, "keepdim": False}
    edges.append(offset_case(f"var_correction {tag}", "var_correction", a, x,
                             var_call(torch.var, a)))
    a = {"dim": None, "correction": 1, "keepdim": False}
    edges.append(offset_case(f"var_correction all {tag}", "var_correction", a, x,
                             var_call(torch.var, a)))
# values a float32 step apart at 1e6: the spread is a few steps
y = (torch.arange(8, dtype=torch.float64) * 0.0625 + 1e6).float().reshape(2, 4)
a = {"dim": [1], "correction": 1, "keepdim": False}
edges.append(offset_case("var_correction steps apart at 1e6 float32", "var_correction", a, y,
                         var_call(torch.var, a)))

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", numerics.py", "cases": cases,
                  "edges": edges}))
