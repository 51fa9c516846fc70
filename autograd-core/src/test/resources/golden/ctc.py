# Golden values for ctc_loss, from PyTorch 1.13, for CtcLossTest.
# Regenerate: /usr/bin/python3 ctc.py > ctc.json
# The loss takes log_softmax(logits); the gradients recorded are those of the logits. (PyTorch's
# own gradient with respect to log_probs adds exp(log_probs), which cancels through log_softmax:
# with respect to the logits both are softmax - posterior.)
import json
import torch
import torch.nn.functional as F

torch.manual_seed(0)


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


cases = []


def case(name, t, n, c, targets, input_lengths, target_lengths, blank=0, reduction="mean",
         zero_infinity=False, concatenated=False):
    logits = torch.randn(t, n, c, dtype=torch.float64, requires_grad=True)
    lp = logits.log_softmax(2)
    if concatenated:
        tg = torch.tensor([x for row, l in zip(targets, target_lengths) for x in row[:l]])
    else:
        tg = torch.tensor(targets)
    loss = F.ctc_loss(lp, tg, torch.tensor(input_lengths), torch.tensor(target_lengths),
                      blank=blank, reduction=reduction, zero_infinity=zero_infinity)
    upstream = (torch.linspace(0.5, 1.5, loss.numel(), dtype=torch.float64).reshape(loss.shape)
                if loss.dim() else torch.tensor(1.0, dtype=torch.float64))
    (grad,) = torch.autograd.grad(loss, logits, upstream)
    cases.append({"name": name, "logits": spec(logits), "targets": spec(tg.double()),
                  "concatenated": concatenated, "input_lengths": input_lengths,
                  "target_lengths": target_lengths, "blank": blank, "reduction": reduction,
                  "zero_infinity": zero_infinity, "loss": spec(loss), "upstream": spec(upstream),
                  "grad": spec(grad)})


case("mean", 6, 2, 4, [[1, 2, 2], [3, 1, 0]], [6, 5], [3, 2])
case("sum", 5, 3, 3, [[1, 2], [2, 2], [1, 1]], [5, 5, 4], [2, 2, 1], reduction="sum")
case("none", 7, 2, 5, [[4, 3, 4, 1], [2, 0, 0, 0]], [7, 3], [4, 1], reduction="none")
case("blank 2", 5, 2, 3, [[0, 1], [1, 1]], [5, 5], [2, 2], blank=2)
case("concatenated targets", 6, 2, 4, [[1, 3, 2], [2, 1, 0]], [6, 6], [3, 2], concatenated=True)
case("empty target", 4, 2, 3, [[1, 2], [0, 0]], [4, 3], [2, 0], reduction="none")
case("impossible zero_infinity", 3, 2, 3, [[1, 1, 2], [1, 2, 0]], [3, 3], [3, 2],
     reduction="none", zero_infinity=True)

errors = []
try:
    F.ctc_loss(torch.randn(3, 1, 2).log_softmax(2), torch.tensor([[1]]), torch.tensor([4]),
               torch.tensor([1]))
except Exception as e:  # noqa: BLE001
    errors.append(str(e).splitlines()[0])
print(json.dumps({"cases": cases, "errors": errors}, indent=1))
