# Golden values for RNN, LSTM and GRU (several layers, bidirectional, batch_first, initial states,
# variable lengths through pack_padded_sequence), from PyTorch 1.13, for RecurrentLayersTest.
# Regenerate: /usr/bin/python3 recurrent.py > recurrent.json
# Each case: the layer's settings, its state dict (float64), the input (padded, [T, N, in] or with
# batch_first [N, T, in]; unbatched [T, in]), the initial states (absent: zeros), the lengths
# (absent: all T), the outputs (output, h_n, and c_n for the LSTM; with lengths, output padded with
# zeros past each length, as pad_packed_sequence gives it), the upstream gradients (the loss is
# sum(out_k * upstream_k)) and the gradients of the input, the initial states and the parameters.
import json
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def up(t, k):
    return torch.linspace(-1, 1, t.numel(), dtype=torch.float64).reshape(t.shape) * (k + 1) + 0.1


cases = []


def case(name, kind, input_size, hidden, layers, t, n, bidirectional=False, batch_first=False,
         with_state=False, lengths=None, nonlinearity="tanh", bias=True):
    extra = {"nonlinearity": nonlinearity} if kind == "RNN" else {}
    layer = getattr(nn, kind)(input_size, hidden, layers, bias=bias, batch_first=batch_first,
                              bidirectional=bidirectional, **extra).double()
    dirs = 2 if bidirectional else 1
    shape = ([n, t] if batch_first else [t, n]) if n is not None else [t]
    x = torch.randn(*shape, input_size, dtype=torch.float64, requires_grad=True)
    states = []
    if with_state:
        sshape = [layers * dirs] + ([n] if n is not None else []) + [hidden]
        states = [torch.randn(*sshape, dtype=torch.float64, requires_grad=True)
                  for _ in range(2 if kind == "LSTM" else 1)]
    hx = None if not states else (tuple(states) if kind == "LSTM" else states[0])
    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first,
                                      enforce_sorted=False)
        out, hn = layer(packed, hx)
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=t)
    else:
        out, hn = layer(x, hx)
    outs = [out] + (list(hn) if kind == "LSTM" else [hn])
    ups = [up(o, k) for k, o in enumerate(outs)]
    loss = sum((o * u).sum() for o, u in zip(outs, ups))
    params = dict(layer.named_parameters())
    grads = torch.autograd.grad(loss, [x] + states + list(params.values()))
    cases.append({
        "name": name, "kind": kind, "input_size": input_size, "hidden_size": hidden,
        "num_layers": layers, "bidirectional": bidirectional, "batch_first": batch_first,
        "nonlinearity": nonlinearity, "bias": bias, "lengths": lengths,
        "params": {k: spec(v) for k, v in params.items()},
        "input": spec(x), "states": [spec(s) for s in states],
        "outputs": [spec(o) for o in outs], "upstream": [spec(u) for u in ups],
        "input_grad": spec(grads[0]), "state_grads": [spec(g) for g in grads[1:1 + len(states)]],
        "param_grads": {k: spec(g) for k, g in zip(params, grads[1 + len(states):])},
    })


case("RNN 1 layer", "RNN", 3, 4, 1, 5, 2)
case("RNN relu 2 layers with state", "RNN", 3, 4, 2, 4, 2, with_state=True, nonlinearity="relu")
case("RNN bidirectional batch_first", "RNN", 2, 3, 1, 4, 3, bidirectional=True, batch_first=True)
case("GRU 2 layers bidirectional with state", "GRU", 3, 4, 2, 5, 2, bidirectional=True,
     with_state=True)
case("GRU unbatched", "GRU", 3, 2, 1, 4, None)
case("GRU no bias", "GRU", 2, 3, 1, 3, 2, bias=False)
case("LSTM 1 layer", "LSTM", 3, 4, 1, 5, 2)
case("LSTM 2 layers bidirectional with state", "LSTM", 3, 4, 2, 4, 3, bidirectional=True,
     with_state=True)
case("LSTM batch_first unbatched-free", "LSTM", 2, 3, 2, 4, 2, batch_first=True)
case("LSTM unbatched with state", "LSTM", 3, 2, 1, 3, None, with_state=True)
case("LSTM bidirectional 2 layers lengths", "LSTM", 3, 4, 2, 5, 3, bidirectional=True,
     lengths=[5, 2, 4])
case("GRU batch_first lengths with state", "GRU", 2, 3, 1, 4, 3, batch_first=True,
     with_state=True, lengths=[1, 4, 3])
case("RNN bidirectional lengths", "RNN", 2, 3, 1, 4, 2, bidirectional=True, lengths=[3, 4])

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", recurrent.py", "cases": cases},
                 indent=1))
