# The names PyTorch 1.13 lists for a model that shares a module and a parameter, for
# ModuleTest. Regenerate: /usr/bin/python3 shared_modules.py > shared_modules.json
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# The model: w, and v = w (one parameter under two names); a = Linear(1, 1), and b = a; inner =
# Sequential(a, ReLU()), registered in that order.
import json
import torch
import torch.nn as nn


class Shared(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1))
        self.v = self.w
        self.a = nn.Linear(1, 1)
        self.b = self.a
        self.inner = nn.Sequential(self.a, nn.ReLU())


m = Shared()
twice = nn.Sequential(m.a, nn.ReLU(), m.a)
print(json.dumps({
    "source": "PyTorch " + torch.__version__ + ", shared_modules.py",
    "named_parameters": [n for n, _ in m.named_parameters()],
    "named_children": [n for n, _ in m.named_children()],
    "named_modules": [n for n, _ in m.named_modules()],
    "modules": [type(x).__name__ for x in m.modules()],
    "state_dict": list(m.state_dict().keys()),
    "inner_named_modules": [n for n, _ in m.inner.named_modules()],
    "sequential_twice_named_parameters": [n for n, _ in twice.named_parameters()],
    "sequential_twice_children": len(list(twice.children())),
    "sequential_twice_state_dict": list(twice.state_dict().keys()),
}, indent=1))
