# Golden values for RNNCell, LSTMCell and GRUCell, from PyTorch 1.13, for RecurrentCellsTest.
# Regenerate: /usr/bin/python3 cells.py > cells.json
# Each case: the cell's settings, its parameters (state dict, float64), the input, the initial
# state (absent: PyTorch's zeros), the outputs, the upstream gradients of the outputs (the loss is
# sum(out_k * upstream_k)), and the gradients of the input, the initial state and the parameters.
import json
import torch
import torch.nn as nn

torch.manual_seed(0)


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def up(t, k):
    return torch.linspace(-1, 1, t.numel(), dtype=torch.float64).reshape(t.shape) * (k + 1) + 0.1


cases = []


def case(name, cell, batch, with_state, **attrs):
    cell = cell.double()
    x = torch.randn(*batch, cell.input_size, dtype=torch.float64, requires_grad=True)
    hidden = list(batch) + [cell.hidden_size]
    lstm = isinstance(cell, nn.LSTMCell)
    state = None
    if with_state:
        h0 = torch.randn(*hidden, dtype=torch.float64, requires_grad=True)
        state = (h0, torch.randn(*hidden, dtype=torch.float64, requires_grad=True)) if lstm else h0
    out = cell(x, state)
    outs = list(out) if lstm else [out]
    ups = [up(o, k) for k, o in enumerate(outs)]
    loss = sum((o * u).sum() for o, u in zip(outs, ups))
    params = dict(cell.named_parameters())
    states = [] if state is None else (list(state) if lstm else [state])
    grads = torch.autograd.grad(loss, [x] + states + list(params.values()))
    cases.append({
        "name": name, "cell": type(cell).__name__, "input_size": cell.input_size,
        "hidden_size": cell.hidden_size, "bias": cell.bias, **attrs,
        "params": {k: spec(v) for k, v in params.items()},
        "input": spec(x), "state": [spec(s) for s in states],
        "outputs": [spec(o) for o in outs], "upstream": [spec(u) for u in ups],
        "input_grad": spec(grads[0]), "state_grads": [spec(g) for g in grads[1:1 + len(states)]],
        "param_grads": {k: spec(g) for k, g in zip(params, grads[1 + len(states):])},
    })


case("RNNCell tanh", nn.RNNCell(3, 4), [2], True)
case("RNNCell relu", nn.RNNCell(3, 4, nonlinearity="relu"), [5], True, nonlinearity="relu")
case("RNNCell no bias, zero state", nn.RNNCell(2, 3, bias=False), [2], False)
case("RNNCell unbatched", nn.RNNCell(3, 2), [], True)
case("LSTMCell", nn.LSTMCell(3, 4), [2], True)
case("LSTMCell zero state", nn.LSTMCell(2, 5), [3], False)
case("LSTMCell no bias unbatched", nn.LSTMCell(3, 2, bias=False), [], True)
case("GRUCell", nn.GRUCell(3, 4), [2], True)
case("GRUCell zero state no bias", nn.GRUCell(2, 3, bias=False), [3], False)
case("GRUCell unbatched", nn.GRUCell(4, 2), [], True)

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", cells.py", "cases": cases},
                 indent=1))
