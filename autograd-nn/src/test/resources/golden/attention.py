# Golden values for MultiheadAttention, from PyTorch 1.13, for AttentionTest.
# Regenerate: /usr/bin/python3 attention.py > attention.json
# Each case: the module's settings, its state dict (float64), query, key and value, the masks
# (key_padding_mask and attn_mask, bool or float, absent: none), need_weights and
# average_attn_weights, the outputs (attn_output and, with need_weights, the weights), the upstream
# gradients (the loss is sum(out_k * upstream_k)) and the gradients of query, key, value and the
# parameters.
import json
import torch
import torch.nn as nn

torch.manual_seed(0)


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def up(t, k):
    return torch.linspace(-1, 1, t.numel(), dtype=torch.float64).reshape(t.shape) * (k + 1) + 0.1


cases = []


def case(name, embed, heads, l, s, n, batch_first=False, self_attention=False, bias=True,
         key_padding_mask=None, attn_mask=None, need_weights=True, average=True):
    mha = nn.MultiheadAttention(embed, heads, bias=bias, batch_first=batch_first).double()
    with torch.no_grad():  # non-zero biases, so that their gradients are tested too
        if bias:
            mha.in_proj_bias.uniform_(-0.5, 0.5)
            mha.out_proj.bias.uniform_(-0.5, 0.5)

    def shape(length):
        if n is None:
            return [length, embed]
        return [n, length, embed] if batch_first else [length, n, embed]

    q = torch.randn(*shape(l), dtype=torch.float64, requires_grad=True)
    if self_attention:
        k = v = q
    else:
        k = torch.randn(*shape(s), dtype=torch.float64, requires_grad=True)
        v = torch.randn(*shape(s), dtype=torch.float64, requires_grad=True)
    kpm = None if key_padding_mask is None else torch.tensor(key_padding_mask)
    am = None if attn_mask is None else torch.tensor(attn_mask)
    if am is not None and am.dtype != torch.bool:
        am = am.double()
    out, weights = mha(q, k, v, key_padding_mask=kpm, need_weights=need_weights, attn_mask=am,
                       average_attn_weights=average)
    outs = [out] + ([weights] if need_weights else [])
    ups = [up(o, i) for i, o in enumerate(outs)]
    loss = sum((o * u).sum() for o, u in zip(outs, ups))
    inputs = [q] if self_attention else [q, k, v]
    params = dict(mha.named_parameters())
    grads = torch.autograd.grad(loss, inputs + list(params.values()))
    cases.append({
        "name": name, "embed_dim": embed, "num_heads": heads, "batch_first": batch_first,
        "bias": bias, "self_attention": self_attention, "need_weights": need_weights,
        "average_attn_weights": average,
        "key_padding_mask": None if kpm is None else spec(kpm.double()),
        "attn_mask": None if am is None else spec(am.double()),
        "attn_mask_bool": am is not None and am.dtype == torch.bool,
        "params": {name: spec(p) for name, p in params.items()},
        "inputs": [spec(x) for x in inputs], "outputs": [spec(o) for o in outs],
        "upstream": [spec(u) for u in ups],
        "input_grads": [spec(g) for g in grads[:len(inputs)]],
        "param_grads": {name: spec(g) for name, g in zip(params, grads[len(inputs):])},
    })


causal = [[j > i for j in range(4)] for i in range(4)]
case("self-attention 2 heads", 6, 2, 4, 4, 2, self_attention=True)
case("cross-attention batch_first", 4, 1, 3, 5, 2, batch_first=True)
case("per-head weights", 6, 3, 2, 3, 2, average=False)
case("no weights", 4, 2, 3, 3, 2, need_weights=False)
case("key padding mask", 4, 2, 3, 4, 2, key_padding_mask=[[False, False, True, True],
                                                          [False, False, False, True]])
case("causal bool mask", 6, 2, 4, 4, 2, self_attention=True, attn_mask=causal)
case("float mask and padding", 4, 2, 3, 3, 2,
     attn_mask=[[0.0, -1.0, 0.5], [0.25, 0.0, -2.0], [1.0, 0.0, 0.0]],
     key_padding_mask=[[False, False, True], [False, False, False]])
case("unbatched no bias", 4, 2, 3, 2, None, bias=False)

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", attention.py", "cases": cases},
                 indent=1))
