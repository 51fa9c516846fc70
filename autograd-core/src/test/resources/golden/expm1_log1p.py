# Golden values for expm1 and log1p, from PyTorch 1.13.1 (CPU), in ops.json's format.
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Regenerate: /usr/bin/python3 expm1_log1p.py > expm1_log1p.json
# grads[0] is the gradient of sum(output * upstream) with respect to inputs[0]. The inputs include
# values near 0, where exp(x) - 1 and log(1 + x) lose their digits and these ops must not.
import json
import torch


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


values = [0.0, 1e-10, -1e-8, 3e-6, -2.5e-4, 0.01, -0.3, 0.75, 1.5, -0.9, 2.0, 5.0]
cases = []
for op in ["expm1", "log1p"]:
    for dtype, name in [(torch.float64, "float64"), (torch.float32, "float32")]:
        for shape in [[12], [3, 4], []]:
            data = values if shape else [0.125]
            x = torch.tensor(data, dtype=dtype).reshape(shape).requires_grad_(True)
            upstream = torch.linspace(-1, 1, x.numel(), dtype=dtype).reshape(shape) + 0.5
            out = getattr(torch, op)(x)
            out.backward(upstream)
            cases.append({"name": f"{op} {shape} {name}", "op": op, "attrs": {}, "dtype": name,
                          "inputs": [spec(x)], "output": spec(out), "upstream": spec(upstream),
                          "grads": [spec(x.grad)]})
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", expm1_log1p.py", "cases": cases}))
