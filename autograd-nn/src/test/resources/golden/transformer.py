# Golden values for TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder and
# TransformerDecoder, from PyTorch 1.13, for TransformerTest (dropout 0, so that they are exact).
# Regenerate: /usr/bin/python3 transformer.py > transformer.json
# Each case: the settings, the state dict (float64), the inputs (src, or tgt and memory) and masks,
# the output, its upstream gradient, and the gradients of the inputs and the parameters.
import json
import torch
import torch.nn as nn

torch.manual_seed(0)


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


cases = []


def case(name, kind, d, heads, ff, n, l, s=None, layers=1, norm_first=False, activation="relu",
         batch_first=False, final_norm=False, masks=None):
    masks = masks or {}
    kw = dict(dim_feedforward=ff, dropout=0.0, activation=activation, batch_first=batch_first,
              norm_first=norm_first)
    if kind == "encoder_layer":
        m = nn.TransformerEncoderLayer(d, heads, **kw)
    elif kind == "decoder_layer":
        m = nn.TransformerDecoderLayer(d, heads, **kw)
    elif kind == "encoder":
        m = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, heads, **kw), layers,
                                  norm=nn.LayerNorm(d) if final_norm else None)
    else:
        m = nn.TransformerDecoder(nn.TransformerDecoderLayer(d, heads, **kw), layers,
                                  norm=nn.LayerNorm(d) if final_norm else None)
    m = m.double()
    with torch.no_grad():  # every parameter distinct, biases and norms included
        for p in m.parameters():
            p.copy_(torch.randn_like(p) * 0.3 + (1.0 if p.dim() == 1 and p.numel() == d else 0.0))

    def shape(length):
        return [n, length, d] if batch_first else [length, n, d]

    decoder = kind.startswith("decoder")
    x = torch.randn(*shape(l), dtype=torch.float64, requires_grad=True)
    inputs = [x]
    if decoder:
        inputs.append(torch.randn(*shape(s), dtype=torch.float64, requires_grad=True))
    mask_tensors = {k: torch.tensor(v) for k, v in masks.items()}
    if decoder:
        out = m(x, inputs[1], tgt_mask=mask_tensors.get("tgt_mask"),
                memory_mask=mask_tensors.get("memory_mask"),
                tgt_key_padding_mask=mask_tensors.get("tgt_key_padding_mask"),
                memory_key_padding_mask=mask_tensors.get("memory_key_padding_mask"))
    elif kind == "encoder":
        out = m(x, mask=mask_tensors.get("mask"),
                src_key_padding_mask=mask_tensors.get("src_key_padding_mask"))
    else:
        out = m(x, src_mask=mask_tensors.get("mask"),
                src_key_padding_mask=mask_tensors.get("src_key_padding_mask"))
    upstream = torch.linspace(-1, 1, out.numel(), dtype=torch.float64).reshape(out.shape) + 0.1
    params = dict(m.named_parameters())
    grads = torch.autograd.grad((out * upstream).sum(), inputs + list(params.values()))
    cases.append({
        "name": name, "kind": kind, "d_model": d, "nhead": heads, "dim_feedforward": ff,
        "num_layers": layers, "norm_first": norm_first, "activation": activation,
        "batch_first": batch_first, "final_norm": final_norm,
        "masks": {k: spec(v.double()) for k, v in mask_tensors.items()},
        "params": {k: spec(v) for k, v in params.items()},
        "inputs": [spec(i) for i in inputs], "output": spec(out), "upstream": spec(upstream),
        "input_grads": [spec(g) for g in grads[:len(inputs)]],
        "param_grads": {k: spec(g) for k, g in zip(params, grads[len(inputs):])},
    })


causal = [[j > i for j in range(4)] for i in range(4)]
case("encoder layer", "encoder_layer", 8, 2, 16, 2, 4)
case("encoder layer norm_first gelu batch_first", "encoder_layer", 8, 4, 12, 3, 4,
     norm_first=True, activation="gelu", batch_first=True)
case("encoder layer masks", "encoder_layer", 6, 2, 10, 2, 4,
     masks={"mask": causal, "src_key_padding_mask": [[False, False, False, True],
                                                       [False, False, False, False]]})
case("decoder layer", "decoder_layer", 8, 2, 16, 2, 4, s=5,
     masks={"tgt_mask": causal,
            "memory_key_padding_mask": [[False, False, False, True, True],
                                        [False, False, False, False, False]]})
case("decoder layer norm_first", "decoder_layer", 6, 3, 8, 2, 3, s=2, norm_first=True)
case("encoder stack with norm", "encoder", 8, 2, 16, 2, 4, layers=2, final_norm=True)
case("decoder stack", "decoder", 6, 2, 10, 2, 3, s=4, layers=2, batch_first=True)

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", transformer.py", "cases": cases},
                 indent=1))
