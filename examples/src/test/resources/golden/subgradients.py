"""PyTorch 1.13's gradient at the kinks of the ops the Subgradients example prints.

Each case differentiates one output with respect to one input element in float64, at a point where
the function has no derivative, and records the value backward() returns there. Run with Debian's
python3 (python3-torch): /usr/bin/python3 subgradients.py > subgradients.json
"""
import json
import torch
import torch.nn.functional as F


def grad_at(fn, point, index=0):
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    fn(x).backward()
    return x.grad.reshape(-1)[index].item()


def grad_of_pair(fn, a, b):
    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    fn(x, y).backward()
    return [x.grad.item(), y.grad.item()]


cases = {
    "relu": grad_at(torch.relu, 0.0),
    "leakyRelu": grad_at(lambda x: F.leaky_relu(x, 0.01), 0.0),
    "elu": grad_at(lambda x: F.elu(x, 0.5), 0.0),
    "abs": grad_at(torch.abs, 0.0),
    "sign": grad_at(torch.sign, 0.0),
    "clampLower": grad_at(lambda x: x.clamp(-1, 1), -1.0),
    "clampUpper": grad_at(lambda x: x.clamp(-1, 1), 1.0),
    "clampMin": grad_at(lambda x: x.clamp_min(0), 0.0),
    "maximum": grad_of_pair(torch.maximum, 1.0, 1.0),
    "minimum": grad_of_pair(torch.minimum, 1.0, 1.0),
    "max": [grad_at(lambda x: x.max(), [1.0, 1.0], i) for i in range(2)],
    "amax": [grad_at(lambda x: x.amax(), [1.0, 1.0], i) for i in range(2)],
    "maxDim": [grad_at(lambda x: x.max(0).values, [1.0, 1.0], i) for i in range(2)],
    "sqrt": grad_at(torch.sqrt, 0.0),
    "norm": grad_at(lambda x: x.norm(), [0.0, 0.0]),
    "l1Loss": grad_at(lambda x: F.l1_loss(x, torch.zeros((), dtype=torch.float64)), 0.0),
}
print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
