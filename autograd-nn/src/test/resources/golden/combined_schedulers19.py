# Golden learning-rate trajectories of the torch.optim.lr_scheduler schedulers that combine others,
# SequentialLR and ChainedScheduler (issue #19), from PyTorch 1.13.1 (CPU) in float64 (Python
# floats). (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON
# records.)
# Regenerate: /usr/bin/python3 combined_schedulers19.py > combined_schedulers19.json
# Each case builds SGD over two parameter groups with rates `lrs`, then the scheduler `scheduler`:
# {"name": N, "args": A} is torch.optim.lr_scheduler.N(optimizer, **A), except that SequentialLR's
# and ChainedScheduler's "schedulers" are lists of such specs, built first, in order. Then it calls
# optimizer.step() and scheduler.step() `steps` times; `trajectory[e]` holds every group's rate at
# epoch e (e = 0 is right after construction).
import json
import warnings

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

warnings.simplefilter("ignore")

LAMBDAS = {
    "pow0.95": lambda e: 0.95 ** e,
    "const0.9": lambda e: 0.9,
}


def build(spec, optimizer):
    args = dict(spec.get("args", {}))
    if "lr_lambda" in args:
        args["lr_lambda"] = LAMBDAS[args["lr_lambda"]]
    if spec["name"] == "SequentialLR":
        args["schedulers"] = [build(s, optimizer) for s in args["schedulers"]]
        return S.SequentialLR(optimizer, **args)
    if spec["name"] == "ChainedScheduler":
        return S.ChainedScheduler([build(s, optimizer) for s in args["schedulers"]])
    return getattr(S, spec["name"])(optimizer, **args)


def spec(name, **args):
    return {"name": name, "args": args}


def run(scheduler_spec, lrs, steps):
    params = [torch.zeros(1, dtype=torch.float64, requires_grad=True) for _ in lrs]
    optimizer = SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
    scheduler = build(scheduler_spec, optimizer)
    trajectory = [list(scheduler.get_last_lr())]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        trajectory.append(list(scheduler.get_last_lr()))
    return {"name": json.dumps(scheduler_spec), "scheduler": scheduler_spec, "lrs": lrs,
            "steps": steps, "trajectory": trajectory}


LRS = [0.1, 0.03]
cases = [
    run(spec("SequentialLR", milestones=[4], schedulers=[
        spec("LinearLR", start_factor=0.25, total_iters=3),
        spec("CosineAnnealingLR", T_max=10, eta_min=0.001)]), LRS, 20),
    run(spec("SequentialLR", milestones=[3, 7], schedulers=[
        spec("ConstantLR", factor=0.5, total_iters=2),
        spec("ExponentialLR", gamma=0.8),
        spec("StepLR", step_size=2, gamma=0.5)]), LRS, 14),
    run(spec("SequentialLR", milestones=[2, 5, 5, 9], schedulers=[
        spec("ExponentialLR", gamma=0.9),
        spec("MultiplicativeLR", lr_lambda="const0.9"),
        spec("LinearLR"),
        spec("ConstantLR", factor=0.5, total_iters=2),
        spec("CosineAnnealingWarmRestarts", T_0=3, eta_min=0.002)]), LRS, 16),
    run(spec("SequentialLR", milestones=[3, 6], schedulers=[
        spec("LambdaLR", lr_lambda="pow0.95"),
        spec("MultiStepLR", milestones=[0, 2]),
        spec("PolynomialLR", total_iters=4, power=2.0)]), LRS, 12),
    run(spec("ChainedScheduler", schedulers=[
        spec("ConstantLR", factor=0.1, total_iters=2),
        spec("ExponentialLR", gamma=0.9)]), LRS, 8),
    run(spec("ChainedScheduler", schedulers=[
        spec("LinearLR", start_factor=0.5, total_iters=4),
        spec("MultiStepLR", milestones=[3, 6], gamma=0.5)]), LRS, 10),
    run(spec("ChainedScheduler", schedulers=[
        spec("SequentialLR", milestones=[3], schedulers=[
            spec("LinearLR", start_factor=0.5, total_iters=3),
            spec("ExponentialLR", gamma=0.7)]),
        spec("StepLR", step_size=4, gamma=0.5)]), LRS, 12),
]
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", combined_schedulers19.py",
                  "cases": cases}))
