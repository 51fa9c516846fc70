# Golden trajectories for Adamax, NAdam, RAdam, Adadelta and Rprop, from PyTorch 1.13 (single-tensor
# implementations), on the problem of optim.json: mse_loss(X @ W^T + b, Y) in float64 from (W0, b0).
# Regenerate: /usr/bin/python3 optim19.py > optim19.json
# trajectory[k] holds the loss before step k and W, b after it, as in optim.json.
import json
import os
import torch
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
problem = json.load(open(os.path.join(here, "optim.json")))["problem"]


def tensor(spec):
    return torch.tensor(spec["data"], dtype=torch.float64).reshape(spec["shape"])


RUNS = [
    ("Adamax lr=0.1", lambda p: torch.optim.Adamax(p, lr=0.1, foreach=False)),
    ("Adamax lr=0.05 betas=0.8,0.99 eps=1e-6 weight_decay=0.1",
     lambda p: torch.optim.Adamax(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1,
                                  foreach=False)),
    ("NAdam lr=0.05", lambda p: torch.optim.NAdam(p, lr=0.05, foreach=False)),
    ("NAdam lr=0.1 betas=0.85,0.98 momentum_decay=0.01 weight_decay=0.05",
     lambda p: torch.optim.NAdam(p, lr=0.1, betas=(0.85, 0.98), momentum_decay=0.01,
                                 weight_decay=0.05, foreach=False)),
    ("RAdam lr=0.1", lambda p: torch.optim.RAdam(p, lr=0.1, foreach=False)),
    ("RAdam lr=0.05 betas=0.9,0.9 weight_decay=0.1",
     lambda p: torch.optim.RAdam(p, lr=0.05, betas=(0.9, 0.9), weight_decay=0.1, foreach=False)),
    ("Adadelta lr=1.0", lambda p: torch.optim.Adadelta(p, lr=1.0, foreach=False)),
    ("Adadelta lr=0.5 rho=0.8 eps=1e-4 weight_decay=0.1",
     lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1,
                                    foreach=False)),
    ("Rprop lr=0.01", lambda p: torch.optim.Rprop(p, lr=0.01, foreach=False)),
    ("Rprop lr=0.1 etas=0.3,1.5 step_sizes=0.001,0.2",
     lambda p: torch.optim.Rprop(p, lr=0.1, etas=(0.3, 1.5), step_sizes=(0.001, 0.2),
                                 foreach=False)),
]

runs = []
for name, make in RUNS:
    x, y = tensor(problem["X"]), tensor(problem["Y"])
    w = tensor(problem["W0"]).requires_grad_(True)
    b = tensor(problem["b0"]).requires_grad_(True)
    opt = make([w, b])
    trajectory = []
    for _ in range(15):
        opt.zero_grad()
        loss = F.mse_loss(x @ w.T + b, y)
        loss.backward()
        opt.step()
        trajectory.append({"loss": loss.item(), "W": w.detach().reshape(-1).tolist(),
                           "b": b.detach().reshape(-1).tolist()})
    runs.append({"name": name, "trajectory": trajectory})
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", optim19.py", "runs": runs},
                 indent=1))
