# Golden values for the losses of issue 19 (huber, kl_div, margin_ranking, cosine_embedding,
# triplet_margin, poisson_nll, gaussian_nll), from PyTorch 1.13.1 (CPU, float64).
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate: /usr/bin/python3 losses19.py > losses19.json
# Each case: fn, kwargs, inputs (the tensors in the functional's order), which of them require
# grad, output, upstream (the gradient given to backward) and grads (null for the inputs that do
# not require grad). errors: what PyTorch refuses, with its message.
import json
import warnings
import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")  # kl_div's reduction="mean" warning
torch.manual_seed(19)
f64 = torch.float64


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def t(data):
    return torch.tensor(data, dtype=f64)


FNS = {
    "huber_loss": F.huber_loss,
    "kl_div": F.kl_div,
    "margin_ranking_loss": F.margin_ranking_loss,
    "cosine_embedding_loss": F.cosine_embedding_loss,
    "triplet_margin_loss": F.triplet_margin_loss,
    "poisson_nll_loss": F.poisson_nll_loss,
    "gaussian_nll_loss": F.gaussian_nll_loss,
}
cases = []


def case(fn, inputs, grad, **kwargs):
    xs = [x.clone().requires_grad_(g) for x, g in zip(inputs, grad)]
    out = FNS[fn](*xs, **kwargs)
    upstream = torch.linspace(0.5, 1.5, out.numel(), dtype=f64).reshape(out.shape)
    out.backward(upstream)
    cases.append({"fn": fn, "kwargs": kwargs, "inputs": [spec(x) for x in inputs],
                  "requires_grad": grad, "output": spec(out), "upstream": spec(upstream),
                  "grads": [spec(x.grad) if g else None for x, g in zip(xs, grad)]})


REDUCTIONS = ["mean", "sum", "none"]

# huber: delta default, smaller and larger; differences on both sides of delta
for shape in [(4, 3), (5,), ()]:
    x, y = torch.randn(shape, dtype=f64) * 2, torch.randn(shape, dtype=f64)
    for r in REDUCTIONS:
        case("huber_loss", [x, y], [True, True], reduction=r)
        for delta in [0.5, 2.0]:
            case("huber_loss", [x, y], [True, True], reduction=r, delta=delta)

# kl_div: input log-probabilities; target probabilities (with zeros) or log-probabilities
logp = torch.log_softmax(torch.randn(3, 4, dtype=f64), 1)
probs = t([[0.1, 0.2, 0.3, 0.4], [0.0, 0.5, 0.5, 0.0], [0.7, 0.1, 0.1, 0.1]])
dense = torch.softmax(torch.randn(3, 4, dtype=f64), 1)
for r in REDUCTIONS + ["batchmean"]:
    case("kl_div", [logp, probs], [True, False], reduction=r)
    case("kl_div", [logp, dense], [True, True], reduction=r)
    case("kl_div", [logp, dense.log()], [True, True], reduction=r, log_target=True)
    case("kl_div", [logp[0], dense[0]], [True, True], reduction=r)
    case("kl_div", [logp[0, 0], dense[0, 0]], [True, True], reduction=r)

# margin_ranking: y of +1 and -1, margins 0 (default) and 0.5
x1, x2 = torch.randn(6, dtype=f64), torch.randn(6, dtype=f64)
ys = t([1, -1, 1, 1, -1, -1])
for r in REDUCTIONS:
    case("margin_ranking_loss", [x1, x2, ys], [True, True, True], reduction=r)
    case("margin_ranking_loss", [x1, x2, ys], [True, True, True], reduction=r, margin=0.5)
    case("margin_ranking_loss", [x1[0], x2[0], ys[1]], [True, True, True], reduction=r, margin=0.5)

# cosine_embedding: batched [N, D] with y [N] (a zero row: the EPSILON; y = 0 gives 0),
# unbatched [D] with a 0-d y
a, b = torch.randn(5, 3, dtype=f64), torch.randn(5, 3, dtype=f64)
a[3] = 0
yc = t([1, -1, 1, -1, 0])
for r in REDUCTIONS:
    for margin in [0.0, 0.3]:
        case("cosine_embedding_loss", [a, b, yc], [True, True, False], reduction=r, margin=margin)
        case("cosine_embedding_loss", [a[0], b[0], t(-1)], [True, True, False], reduction=r,
             margin=margin)
        case("cosine_embedding_loss", [a[1], b[1], t(1)], [True, True, False], reduction=r,
             margin=margin)

# triplet_margin: p = 2 (default), 1 and 3, swap, a larger eps and a margin; batched and 1-D
an, po, ne = (torch.randn(4, 3, dtype=f64) for _ in range(3))
for r in REDUCTIONS:
    case("triplet_margin_loss", [an, po, ne], [True, True, True], reduction=r)
    case("triplet_margin_loss", [an, po, ne], [True, True, True], reduction=r, p=1.0, swap=True)
    case("triplet_margin_loss", [an, po, ne], [True, True, True], reduction=r, p=3.0, margin=0.2,
         eps=0.1)
    case("triplet_margin_loss", [an, po, ne], [True, True, True], reduction=r, swap=True,
         margin=2.0)
    case("triplet_margin_loss", [an[0], po[0], ne[0]], [True, True, True], reduction=r, margin=2.0)

# poisson_nll: log input or rates, with the Stirling term (only for targets above 1), eps
counts = t([[0, 1, 0.5, 3], [7, 2, 1.5, 0]])
logits = torch.randn(2, 4, dtype=f64)
rates = torch.rand(2, 4, dtype=f64) * 3 + 0.1
rates[1, 3] = 0  # the eps keeps log(rate) finite
for r in REDUCTIONS:
    for full in [False, True]:
        case("poisson_nll_loss", [logits, counts], [True, False], reduction=r, full=full)
        case("poisson_nll_loss", [rates, counts], [True, False], reduction=r, full=full,
             log_input=False)
        case("poisson_nll_loss", [rates, counts], [True, False], reduction=r, full=full,
             log_input=False, eps=0.5)

# gaussian_nll: var of the input's shape, one dim short, with a last dim of 1, tiny entries
# (clamped at eps, with the gradient passed through), full
mu, target = torch.randn(4, 3, dtype=f64), torch.randn(4, 3, dtype=f64)
var_full = torch.rand(4, 3, dtype=f64) + 0.2
var_full[0, 0] = 1e-8
var_full[2, 1] = 0
var_short = torch.rand(4, dtype=f64) + 0.2
for r in REDUCTIONS:
    for full in [False, True]:
        case("gaussian_nll_loss", [mu, target, var_full], [True, True, True], reduction=r,
             full=full)
        case("gaussian_nll_loss", [mu, target, var_short], [True, True, True], reduction=r,
             full=full)
        case("gaussian_nll_loss", [mu, target, var_short.unsqueeze(1)], [True, True, True],
             reduction=r, full=full, eps=0.5)
        case("gaussian_nll_loss", [mu[0], target[0], var_short[0]], [True, True, True],
             reduction=r, full=full)

ERRORS = {
    "huber delta 0": lambda: F.huber_loss(torch.ones(3), torch.ones(3), delta=0.0),
    "huber delta -1": lambda: F.huber_loss(torch.ones(3), torch.ones(3), delta=-1.0),
    "margin_ranking dims": lambda: F.margin_ranking_loss(torch.ones(3), torch.ones(3, 1),
                                                         torch.ones(3)),
    "cosine_embedding 2-d y": lambda: F.cosine_embedding_loss(torch.ones(3, 2), torch.ones(3, 2),
                                                              torch.ones(3, 1)),
    "cosine_embedding 0-d y, 2-d inputs": lambda: F.cosine_embedding_loss(
        torch.ones(3, 2), torch.ones(3, 2), torch.ones(())),
    "cosine_embedding 1-d y, 1-d inputs": lambda: F.cosine_embedding_loss(
        torch.ones(2), torch.ones(2), torch.ones(3)),
    "triplet dims": lambda: F.triplet_margin_loss(torch.ones(3, 2), torch.ones(3, 2),
                                                  torch.ones(2)),
    "gaussian var shape": lambda: F.gaussian_nll_loss(torch.ones(3, 2), torch.ones(3, 2),
                                                      torch.ones(2, 2)),
    "gaussian negative var": lambda: F.gaussian_nll_loss(torch.ones(3, 2), torch.ones(3, 2),
                                                         -torch.ones(3, 2)),
    "kl_div shapes": lambda: F.kl_div(torch.ones(3, 2), torch.ones(3)),
    "poisson shapes": lambda: F.poisson_nll_loss(torch.ones(3, 2), torch.ones(3)),
}
errors = {}
for name, call in ERRORS.items():
    try:
        call()
        raise AssertionError(name + " did not raise")
    except (RuntimeError, ValueError) as e:
        errors[name] = str(e)
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", losses19.py", "cases": cases,
                  "errors": errors}))
