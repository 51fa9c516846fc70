# Golden values for the activation modules GELU, SiLU, ELU and Softplus, from PyTorch 1.13.1
# (CPU, float64). Regenerate: /usr/bin/python3 activations.py > activations.json
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# grad is the gradient of sum(output) with respect to the input.
import json
import torch

x = torch.tensor([-30.0, -5.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 3.0, 7.0, 30.0], dtype=torch.float64)
modules = [
    ("GELU", {}, torch.nn.GELU()),
    ("SiLU", {}, torch.nn.SiLU()),
    ("ELU", {"alpha": 1.0}, torch.nn.ELU()),
    ("ELU", {"alpha": 0.5}, torch.nn.ELU(alpha=0.5)),
    ("Softplus", {"beta": 1.0, "threshold": 20.0}, torch.nn.Softplus()),
    ("Softplus", {"beta": 2.0, "threshold": 5.0}, torch.nn.Softplus(beta=2, threshold=5)),
]
cases = []
for name, args, m in modules:
    xi = x.clone().requires_grad_(True)
    y = m(xi)
    y.sum().backward()
    cases.append({"module": name, "args": args, "repr": repr(m),
                  "input": {"shape": list(x.shape), "data": x.tolist()},
                  "output": {"shape": list(y.shape), "data": y.detach().tolist()},
                  "grad": {"shape": list(x.shape), "data": xi.grad.tolist()}})
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", activations.py", "cases": cases}))
