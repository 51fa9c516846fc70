# PyTorch 1.13's answers to the bad or edge-case inputs of BadInputTest: the result of an op over
# an empty dim (with the gradient of its sum), or the message it fails with.
# Regenerate: /usr/bin/python3 bad_input.py > bad_input.json
import json
import torch


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def result(name, f, x):
    x = x.clone().requires_grad_(True)
    out = f(x)
    out.sum().backward()
    return {"name": name, "input": spec(x), "output": spec(out), "grad": spec(x.grad)}


def error(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the message is what is recorded
        return {"name": name, "error": str(e).split("\n")[0]}
    raise AssertionError(name + " did not fail")


e30 = torch.zeros(3, 0, dtype=torch.float64)
e03 = torch.zeros(0, 3, dtype=torch.float64)
e0 = torch.zeros(0, dtype=torch.float64)
cases = [
    result("softmax [3, 0] dim 1", lambda x: x.softmax(1), e30),
    result("softmax [0, 3] dim 0", lambda x: x.softmax(0), e03),
    result("logSoftmax [3, 0] dim 1", lambda x: x.log_softmax(1), e30),
    result("logsumexp [3, 0] dim 1", lambda x: x.logsumexp(1), e30),
    result("logsumexp [3, 0] dim 0", lambda x: x.logsumexp(0), e30),
    result("logsumexp [0] dim 0", lambda x: x.logsumexp(0), e0),
    result("logsumexp [3, 0] dims 0 1", lambda x: x.logsumexp((0, 1)), e30),
    result("linspace 0 steps", lambda x: torch.linspace(0, 1, 0, dtype=torch.float64) + x.sum(), e0),
    error("max over an empty dim", lambda: e03.max(0)),
    error("amax over an empty dim", lambda: e03.amax(0)),
    error("arange nan start", lambda: torch.arange(float("nan"), 5)),
    error("arange nan end", lambda: torch.arange(0, float("nan"))),
    error("arange infinite end", lambda: torch.arange(0, float("inf"))),
    error("arange step sign", lambda: torch.arange(0, 5, -1)),
    error("arange huge", lambda: torch.arange(0, 1e30)),
    error("arange tiny step", lambda: torch.arange(0, 5, 1e-300)),
    error("linspace negative steps", lambda: torch.linspace(0, 1, -1)),
]
print(json.dumps({"source": "PyTorch " + torch.__version__ + ", bad_input.py", "cases": cases}))
