# Golden values for the classification losses' ignore_index, from PyTorch 1.13.1 (CPU, float64).
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate: /usr/bin/python3 ignore_index.py > ignore_index.json
# grad is the gradient of sum(output) with respect to input.
import json
import torch
import torch.nn.functional as F


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


logits = torch.tensor([[2.0, 0.5, -1.0], [0.3, 0.3, 0.3], [-1.0, 4.0, 0.0], [1.5, -0.5, 2.5]],
                      dtype=torch.float64)
log_probs = torch.tensor([[0.0, float("-inf"), -3.0], [-0.5, -0.9, float("-inf")]],
                         dtype=torch.float64)
cases = []
for fn, x, target, ignore in [
    ("cross_entropy", logits, [0, -100, 2, 1], -100),
    ("cross_entropy", logits, [0, 1, 2, 1], 1),
    ("cross_entropy", logits, [2, 2, 0, 1], -100),
    ("cross_entropy", logits, [-100, -100, -100, -100], -100),
    ("cross_entropy", logits, [7, 1, 7, 0], 7),
    ("nll_loss", log_probs, [0, 1], -100),
    ("nll_loss", log_probs, [2, 0], 2),
]:
    for reduction in ["mean", "sum", "none"]:
        xi = x.clone().requires_grad_(True)
        f = F.cross_entropy if fn == "cross_entropy" else F.nll_loss
        out = f(xi, torch.tensor(target), reduction=reduction, ignore_index=ignore)
        out.sum().backward()
        cases.append({"fn": fn, "reduction": reduction, "ignore_index": ignore,
                      "input": spec(x), "target": target, "output": spec(out),
                      "grad": spec(xi.grad)})
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", ignore_index.py", "cases": cases}))
