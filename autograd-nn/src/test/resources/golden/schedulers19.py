# Golden learning-rate trajectories of the torch.optim.lr_scheduler schedulers of issue #19, from
# PyTorch 1.13.1 (CPU) in float64 (Python floats).
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate: /usr/bin/python3 schedulers19.py > schedulers19.json
# Each case builds SGD over two parameter groups with rates `lrs`, then calls optimizer.step() and
# scheduler.step() `steps` times; `trajectory[e]` holds every group's rate at epoch e (e = 0 is
# right after construction). Lambdas are named; the Java test maps each name to the same function.
import json
import warnings

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

warnings.simplefilter("ignore")

LAMBDAS = {
    "pow0.95": lambda e: 0.95 ** e,
    "floorDiv3": lambda e: e // 3,
    "const0.9": lambda e: 0.9,
    "inverse": lambda e: 1.0 / (e + 1),
}


def make(name, args, optimizer):
    args = dict(args)
    for key in ("lr_lambda",):
        if key in args:
            v = args[key]
            args[key] = [LAMBDAS[n] for n in v] if isinstance(v, list) else LAMBDAS[v]
    return getattr(S, name)(optimizer, **args)


def run(name, args, lrs, steps):
    params = [torch.zeros(1, dtype=torch.float64, requires_grad=True) for _ in lrs]
    optimizer = SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
    scheduler = make(name, args, optimizer)
    trajectory = [scheduler.get_last_lr()]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        trajectory.append(scheduler.get_last_lr())
    return {"name": f"{name} {json.dumps(args)}", "scheduler": name, "args": args, "lrs": lrs,
            "steps": steps, "trajectory": trajectory}


LRS = [0.1, 0.03]
cases = [
    run("MultiStepLR", {"milestones": [3]}, LRS, 8),
    run("MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.5}, LRS, 12),
    run("LambdaLR", {"lr_lambda": "pow0.95"}, LRS, 10),
    run("LambdaLR", {"lr_lambda": ["floorDiv3", "pow0.95"]}, LRS, 10),
    run("MultiplicativeLR", {"lr_lambda": "const0.9"}, LRS, 10),
    run("MultiplicativeLR", {"lr_lambda": ["inverse", "const0.9"]}, LRS, 10),
    run("LinearLR", {}, LRS, 8),
    run("LinearLR", {"start_factor": 0.5, "end_factor": 0.1, "total_iters": 4}, LRS, 8),
    run("LinearLR", {"start_factor": 0.25, "total_iters": 7}, LRS, 10),
    run("ConstantLR", {}, LRS, 8),
    run("ConstantLR", {"factor": 0.5, "total_iters": 3}, LRS, 6),
    run("PolynomialLR", {}, LRS, 8),
    run("PolynomialLR", {"total_iters": 6, "power": 2.0}, LRS, 9),
    run("PolynomialLR", {"total_iters": 4, "power": 0.5}, LRS, 6),
]
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", schedulers19.py", "cases": cases}))
