# Golden learning-rate trajectories of the torch.optim.lr_scheduler schedulers of issue #19, from
# PyTorch 1.13.1 (CPU) in float64 (Python floats).
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate: /usr/bin/python3 schedulers19.py > schedulers19.json
# Each case builds SGD over two parameter groups with rates `lrs`, then calls optimizer.step() and
# scheduler.step() `steps` times; `trajectory[e]` holds every group's rate at epoch e (e = 0 is
# right after construction). A case with `calls` steps instead by each of them: null is step(),
# a number x is step(x) (CosineAnnealingWarmRestarts, fractional epochs included), and
# `trajectory[k + 1]` follows the k-th call. Lambdas are named; the Java test maps each name to the
# same function. `optimizer` is SGD ("sgd"), SGD with momentum 0.9 ("sgd_momentum") or Adam
# ("adam"); for the last two, `momenta[e]` holds every group's momentum (Adam: beta1) at epoch e.
import json
import math
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
    "halfSine": lambda x: 0.5 * (1 + math.sin(x * math.pi / 2)),
}


def make(name, args, optimizer):
    args = dict(args)
    for key in ("lr_lambda", "scale_fn"):
        if key in args:
            v = args[key]
            args[key] = [LAMBDAS[n] for n in v] if isinstance(v, list) else LAMBDAS[v]
    return getattr(S, name)(optimizer, **args)


def momenta(optimizer):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in optimizer.param_groups]


def run(name, args, lrs, steps, calls=None, optim="sgd"):
    params = [torch.zeros(1, dtype=torch.float64, requires_grad=True) for _ in lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, lrs)]
    if optim == "sgd":
        optimizer = SGD(groups, lr=lrs[0])
    elif optim == "sgd_momentum":
        optimizer = SGD(groups, lr=lrs[0], momentum=0.9)
    else:
        optimizer = torch.optim.Adam(groups, lr=lrs[0], betas=(0.9, 0.999))
    scheduler = make(name, args, optimizer)
    trajectory = [scheduler.get_last_lr()]
    momentum = [momenta(optimizer)]
    for call in calls if calls is not None else [None] * steps:
        optimizer.step()
        scheduler.step() if call is None else scheduler.step(call)
        trajectory.append(scheduler.get_last_lr())
        momentum.append(momenta(optimizer))
    case = {"name": f"{name} {json.dumps(args)} {optim}", "scheduler": name, "args": args,
            "lrs": lrs, "optimizer": optim, "steps": len(trajectory) - 1,
            "trajectory": trajectory}
    if optim != "sgd":
        case["momenta"] = momentum
    if calls is not None:
        case["name"] += " calls " + json.dumps(calls)
        case["calls"] = calls
    return case


LRS = [0.1, 0.03]
cases = [
    run("MultiStepLR", {"milestones": [3]}, LRS, 8),
    run("MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.5}, LRS, 12),
    run("MultiStepLR", {"milestones": [0, 0, 3], "gamma": 0.5}, LRS, 6),
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
    run("CosineAnnealingWarmRestarts", {"T_0": 3}, LRS, 12),
    run("CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 2, "eta_min": 0.001}, LRS, 20),
    run("CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 2, "eta_min": 0.001}, LRS, 0,
        [e + i / 4 for e in range(8) for i in range(4)] + [26, None, None, 3.5, None, 0, None]),
    run("CosineAnnealingWarmRestarts", {"T_0": 4, "eta_min": 0.002}, LRS, 0,
        [None, None, 7.5, None, None, 13, 2.25, None, 30.75, None]),
    run("CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 3}, LRS, 0,
        [1.5, 12.2, None, 39, None, 50.5, None, None]),
    run("OneCycleLR", {"max_lr": 0.5, "total_steps": 20}, LRS, 20, optim="sgd_momentum"),
    run("OneCycleLR", {"max_lr": [0.5, 0.2], "epochs": 3, "steps_per_epoch": 5, "pct_start": 0.4,
                       "anneal_strategy": "linear", "three_phase": True}, LRS, 15,
        optim="sgd_momentum"),
    run("OneCycleLR", {"max_lr": 0.01, "total_steps": 12, "div_factor": 10.0,
                       "final_div_factor": 100.0, "base_momentum": [0.8, 0.7],
                       "max_momentum": 0.92}, LRS, 12, optim="adam"),
    run("OneCycleLR", {"max_lr": 1.0, "total_steps": 9, "three_phase": True,
                       "cycle_momentum": False}, LRS, 9),
    run("CyclicLR", {"base_lr": [0.01, 0.002], "max_lr": [0.1, 0.02], "step_size_up": 4}, LRS, 20,
        optim="sgd_momentum"),
    run("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 5,
                     "mode": "triangular2", "base_momentum": [0.7, 0.75],
                     "max_momentum": 0.95}, LRS, 33, optim="sgd_momentum"),
    run("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 2, "mode": "exp_range",
                     "gamma": 0.9}, LRS, 20, optim="sgd_momentum"),
    run("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "scale_fn": "halfSine",
                     "cycle_momentum": False}, LRS, 20),
    run("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "scale_fn": "halfSine",
                     "scale_mode": "iterations", "cycle_momentum": False}, LRS, 20),
]
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", schedulers19.py", "cases": cases}))
