# PyTorch 1.13's behaviour and messages for the autograd semantics that AutogradSemanticsTest
# checks (issue #17). Regenerate: /usr/bin/python3 autograd_semantics.py > autograd_semantics.json
# (Debian's python3-torch 1.13.1+dfsg; torch.__version__ reports 1.13.0a0, which the JSON records.)
# Each case is either {"error": message} or {"value": ...}: gradients as {"shape", "data"}.
import json
import torch

cases = {}


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def case(name, f):
    try:
        cases[name] = {"value": f()}
    except RuntimeError as e:
        cases[name] = {"error": str(e).split("\n")[0]}


def where_float():
    return spec(torch.where(torch.tensor([1.0, 0.0]), torch.ones(2), torch.zeros(2)))


case("where_float_condition", where_float)


def set_grad(grad_of):
    def f():
        x = torch.zeros(3, requires_grad=True)
        x.grad = grad_of(x)
        return spec(x.grad)
    return f


case("set_grad_other_dtype", set_grad(lambda x: torch.zeros(3, dtype=torch.float64)))
case("set_grad_other_size", set_grad(lambda x: torch.zeros(2)))
case("set_grad_itself", set_grad(lambda x: x))
case("set_grad_its_detached_self", set_grad(lambda x: x.detach()))


def multi_root():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward([x * 2, x.sum() * 3], [torch.ones(2), None])
    return spec(x.grad)


def multi_root_shared():
    # y is a root and also an input of the other root: its gradient is 1 + 2 in one pass
    x = torch.ones(2, requires_grad=True)
    y = x.sum()
    torch.autograd.backward([y, y * 2])
    return spec(x.grad)


def multi_root_implicit_for_vector():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward([x * 2], [None])


case("multi_root_backward", multi_root)
case("multi_root_backward_shared", multi_root_shared)
case("multi_root_backward_implicit_grad_for_a_vector", multi_root_implicit_for_vector)


def set_grad_enabled():
    x = torch.ones(2, requires_grad=True)
    with torch.set_grad_enabled(False):
        inside = (x * 2).requires_grad
    torch.set_grad_enabled(False)
    called = (x * 2).requires_grad
    torch.set_grad_enabled(True)
    return [inside, called, (x * 2).requires_grad]


case("set_grad_enabled", set_grad_enabled)


def second_backward(f):
    def run():
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = f(x)
        y.backward()
        y.backward()
        return spec(x.grad)
    return run


case("second_backward_add_neg_sum", second_backward(lambda x: (x + 1).neg().sum()))
case("second_backward_exp", second_backward(lambda x: x.exp().sum()))


def second_pass_below_a_freed_node():
    # grad with respect to the intermediate y does not reach ExpBackward, freed by the first pass
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = (y + 1).sum()
    z.backward()
    return spec(torch.autograd.grad(z, y)[0])


case("second_pass_stops_above_a_freed_node", second_pass_below_a_freed_node)


def grad_stops_at_inputs():
    # the hook on x, below the requested input y, must not run
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    calls = []
    x.register_hook(lambda g: calls.append("x"))
    y = x * 3
    y.register_hook(lambda g: calls.append("y"))
    z = (y * y).sum()
    g = torch.autograd.grad(z, y)[0]
    return {"grad": spec(g), "hooks": calls}


case("grad_stops_at_inputs", grad_stops_at_inputs)


def backward_inputs_stops_at_inputs():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    calls = []
    x.register_hook(lambda g: calls.append("x"))
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    w.register_hook(lambda g: calls.append("w"))
    (x.exp() * w).sum().backward(inputs=[w])
    return {"grad": spec(w.grad), "hooks": calls, "x_grad_is_none": x.grad is None}


case("backward_inputs_stops_at_inputs", backward_inputs_stops_at_inputs)


def view_made_before_requires_grad():
    x = torch.zeros(3)
    v = x[0:2]
    x.requires_grad_(True)
    v.add_(1)


def view_made_in_no_grad():
    x = torch.zeros(3, requires_grad=True)
    with torch.no_grad():
        v = x[0:2]
    v.mul_(2)


def view_made_in_no_grad_modified_in_no_grad():
    x = torch.zeros(3, requires_grad=True)
    with torch.no_grad():
        v = x[0:2]
        v.add_(1)
    return spec(x)


def view_of_leaf_recorded():
    x = torch.zeros(3, requires_grad=True)
    x[0:2].add_(1)


def view_of_plain_made_in_no_grad():
    x = torch.zeros(3)
    with torch.no_grad():
        v = x[0:2]
    v.add_(1)
    return spec(x)


def detached_then_modified():
    x = torch.zeros(3, requires_grad=True)
    x.detach().add_(1)
    return spec(x)


case("inplace_view_made_before_requires_grad", view_made_before_requires_grad)
case("inplace_view_made_in_no_grad", view_made_in_no_grad)
case("inplace_view_made_and_modified_in_no_grad", view_made_in_no_grad_modified_in_no_grad)
case("inplace_view_of_leaf_recorded", view_of_leaf_recorded)
case("inplace_view_of_plain_tensor_made_in_no_grad", view_of_plain_made_in_no_grad)
case("inplace_detached_leaf", detached_then_modified)


def detach_in_place_view():
    x = torch.zeros(3)
    x[0:2].detach_()


def detach_in_place_non_leaf():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    y.detach_()
    return [y.requires_grad, y.grad_fn is None, y.is_leaf]


def detach_in_place_leaf():
    x = torch.ones(2, requires_grad=True)
    x.sum().backward()
    x.detach_()
    return [x.requires_grad, x.is_leaf, x.grad is not None]


case("detach_in_place_view", detach_in_place_view)
case("detach_in_place_non_leaf", detach_in_place_non_leaf)
case("detach_in_place_leaf", detach_in_place_leaf)


def detach_in_place_after_use():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    z = y * 3
    y.detach_()
    z.sum().backward()
    return {"x_grad": x.grad.tolist(), "y_grad_is_none": y.grad is None}


case("detach_in_place_after_use", detach_in_place_after_use)


def leaf_grad_strides(make):
    def f():
        x = make().requires_grad_(True)
        (x * x).sum().backward()
        return {"strides": list(x.stride()), "grad_strides": list(x.grad.stride())}
    return f


case("leaf_grad_strides_transposed", leaf_grad_strides(lambda: torch.ones(2, 3).t()))
case("leaf_grad_strides_permuted", leaf_grad_strides(lambda: torch.ones(2, 3, 4).permute(2, 0, 1)))
case("leaf_grad_strides_strided", leaf_grad_strides(lambda: torch.ones(6)[::2]))
case("leaf_grad_strides_expanded", leaf_grad_strides(lambda: torch.ones(3, 1).expand(3, 4)))

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", autograd_semantics.py",
                  "cases": cases}, indent=1))
