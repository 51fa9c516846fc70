# Golden values for conv1d, conv2d and conv_transpose2d, from PyTorch 1.13.1 (CPU).
# Regenerate: /usr/bin/python3 conv.py > conv.json
# "cases" are in ops.json's format: grads[i] is the gradient of sum(output * upstream) with respect
# to inputs[i] (input, weight, bias). attrs holds the call's settings as PyTorch takes them.
# "gradgrad" cases also hold the second-order gradients: of sum(grads * vs) with respect to the
# inputs, for the given vs (so double backward through the convolution is checked, not only run).
import json
import torch


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


DTYPES = [(torch.float64, "float64"), (torch.float32, "float32")]
cases = []


def values(shape, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(shape, generator=g, dtype=torch.float64) * 2 - 1).to(dtype)


def case(name, op, attrs, shapes, f):
    for dtype, dname in DTYPES:
        xs = [values(s, dtype, 11 + i).requires_grad_(True) for i, s in enumerate(shapes)]
        out = f(*xs)
        upstream = torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.25
        grads = torch.autograd.grad(out, xs, upstream, create_graph=True)
        vs = [values(g.shape, dtype, 40 + i) for i, g in enumerate(grads)]
        total = sum((g * v).sum() for g, v in zip(grads, vs))
        # a linear op's gradient does not depend on its input: no second-order gradient at all
        second = (torch.autograd.grad(total, xs, allow_unused=True) if total.requires_grad
                  else [None] * len(xs))
        cases.append({"name": f"{name} {dname}", "op": op, "attrs": attrs, "dtype": dname,
                      "inputs": [spec(x) for x in xs], "output": spec(out),
                      "upstream": spec(upstream), "grads": [spec(g) for g in grads],
                      "vs": [spec(v) for v in vs],
                      "gradgrads": [None if g is None else spec(g) for g in second]})


F = torch.nn.functional


def conv2d(name, x, w, bias=True, stride=1, padding=0, dilation=1, groups=1):
    attrs = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    shapes = [x, w] + ([[w[0]]] if bias else [])
    case(name, "conv2d", attrs, shapes,
         lambda *t: F.conv2d(t[0], t[1], t[2] if bias else None, stride, padding, dilation, groups))


conv2d("conv2d 3x3", [2, 3, 6, 5], [4, 3, 3, 3])
conv2d("conv2d no bias", [2, 3, 6, 5], [4, 3, 3, 3], bias=False)
conv2d("conv2d stride 2 padding 1", [2, 3, 7, 6], [4, 3, 3, 3], stride=2, padding=1)
conv2d("conv2d stride (2, 1) padding (1, 2)", [1, 2, 5, 5], [3, 2, 3, 2], stride=[2, 1],
       padding=[1, 2])
conv2d("conv2d dilation 2", [2, 2, 7, 7], [3, 2, 3, 3], dilation=2, padding=2)
conv2d("conv2d groups 2", [2, 4, 5, 5], [6, 2, 3, 3], groups=2, padding=1)
conv2d("conv2d depthwise", [2, 3, 5, 4], [3, 1, 3, 3], groups=3, padding=1)
conv2d("conv2d 1x1", [3, 4, 3, 3], [2, 4, 1, 1])
conv2d("conv2d same odd", [2, 2, 5, 6], [3, 2, 3, 3], padding="same")
conv2d("conv2d same even dilated", [1, 2, 6, 5], [2, 2, 4, 2], padding="same", dilation=[1, 2])
conv2d("conv2d valid", [1, 2, 5, 5], [2, 2, 2, 3], padding="valid")
conv2d("conv2d unbatched", [2, 5, 5], [3, 2, 3, 3], padding=1)
conv2d("conv2d kernel as input", [1, 1, 3, 3], [1, 1, 3, 3])


def conv1d(name, x, w, bias=True, stride=1, padding=0, dilation=1, groups=1):
    attrs = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    shapes = [x, w] + ([[w[0]]] if bias else [])
    case(name, "conv1d", attrs, shapes,
         lambda *t: F.conv1d(t[0], t[1], t[2] if bias else None, stride, padding, dilation, groups))


conv1d("conv1d k3", [2, 3, 9], [4, 3, 3])
conv1d("conv1d stride 2 padding 2 dilation 2", [2, 2, 11], [3, 2, 3], stride=2, padding=2,
       dilation=2)
conv1d("conv1d groups same", [1, 4, 8], [4, 2, 4], groups=2, padding="same")
conv1d("conv1d unbatched", [3, 7], [2, 3, 2])


def conv_t(name, x, w, bias=True, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    attrs = {"stride": stride, "padding": padding, "output_padding": output_padding,
             "groups": groups, "dilation": dilation}
    shapes = [x, w] + ([[w[1] * groups]] if bias else [])
    case(name, "conv_transpose2d", attrs, shapes,
         lambda *t: F.conv_transpose2d(t[0], t[1], t[2] if bias else None, stride, padding,
                                       output_padding, groups, dilation))


conv_t("conv_transpose2d 3x3", [2, 3, 4, 4], [3, 2, 3, 3])
conv_t("conv_transpose2d stride 2 output_padding 1", [1, 2, 3, 4], [2, 3, 3, 3], stride=2,
       padding=1, output_padding=1)
conv_t("conv_transpose2d groups dilation", [2, 4, 3, 3], [4, 1, 2, 2], groups=2, dilation=2,
       bias=False)

def pad(name, shape, amounts, mode="constant", value=0.0):
    attrs = {"pad": amounts, "mode": mode, "value": value}
    case(name, "pad", attrs, [shape],
         lambda t: F.pad(t, amounts, mode, value) if mode == "constant" else F.pad(t, amounts, mode))


pad("pad constant last dim", [2, 3], [1, 2])
pad("pad constant two dims value", [2, 3, 4], [0, 1, 2, 0], value=1.5)
pad("pad constant negative crops", [3, 5], [-1, 2, 1, -2])
pad("pad reflect 1d", [2, 3, 5], [2, 3], "reflect")
pad("pad reflect 2d", [1, 2, 4, 3], [1, 2, 2, 1], "reflect")
pad("pad replicate 2d", [1, 2, 3, 3], [2, 0, 1, 3], "replicate")
pad("pad replicate 3d", [1, 1, 2, 3, 2], [1, 1, 0, 2, 1, 0], "replicate")
pad("pad circular 2d", [2, 1, 3, 4], [1, 3, 2, 1], "circular")

def pool(name, op, shape, kwargs, f, indices=None):
    case(name, op, kwargs, [shape], f)
    if indices is not None:
        for c in cases[-2:]:
            x = torch.tensor(c["inputs"][0]["data"]).reshape(c["inputs"][0]["shape"])
            c["indices"] = spec(indices(x))


def max2d(name, shape, **kw):
    pool(name, "max_pool2d", shape, kw, lambda t: F.max_pool2d(t, **kw),
         lambda t: F.max_pool2d(t, return_indices=True, **kw)[1])


max2d("max_pool2d 2x2", [2, 3, 4, 6], kernel_size=2)
max2d("max_pool2d 3x3 stride 2 padding 1", [1, 2, 7, 5], kernel_size=3, stride=2, padding=1)
max2d("max_pool2d dilation ceil", [1, 2, 8, 7], kernel_size=[2, 3], stride=[2, 2], dilation=2,
      ceil_mode=True)
max2d("max_pool2d unbatched", [2, 5, 5], kernel_size=2, stride=1)


def avg2d(name, shape, **kw):
    pool(name, "avg_pool2d", shape, kw, lambda t: F.avg_pool2d(t, **kw))


avg2d("avg_pool2d 2x2", [2, 3, 4, 6], kernel_size=2)
avg2d("avg_pool2d padding counted", [1, 2, 5, 5], kernel_size=3, stride=2, padding=1)
avg2d("avg_pool2d padding not counted ceil", [1, 2, 6, 5], kernel_size=3, stride=2, padding=1,
      ceil_mode=True, count_include_pad=False)
avg2d("avg_pool2d ceil counted", [1, 1, 5, 6], kernel_size=[2, 4], stride=[3, 3], padding=[1, 2],
      ceil_mode=True)
avg2d("avg_pool2d divisor", [1, 2, 4, 4], kernel_size=2, divisor_override=3)


def adaptive(name, op, shape, size):
    f = getattr(F, op)
    pool(name, op, shape, {"output_size": size}, lambda t: f(t, size),
         (lambda t: F.adaptive_max_pool2d(t, size, return_indices=True)[1])
         if op == "adaptive_max_pool2d" else None)


adaptive("adaptive_avg_pool2d 7x5 to 3x2", "adaptive_avg_pool2d", [2, 2, 7, 5], [3, 2])
adaptive("adaptive_avg_pool2d to 1", "adaptive_avg_pool2d", [2, 3, 4, 4], [1, 1])
adaptive("adaptive_avg_pool2d upsampling sizes", "adaptive_avg_pool2d", [1, 1, 3, 2], [4, 5])
adaptive("adaptive_max_pool2d 7x5 to 3x2", "adaptive_max_pool2d", [2, 2, 7, 5], [3, 2])
pool("max_pool1d", "max_pool1d", [2, 3, 9], {"kernel_size": 3, "stride": 2, "padding": 1},
     lambda t: F.max_pool1d(t, 3, 2, 1))
pool("avg_pool1d", "avg_pool1d", [2, 3, 9], {"kernel_size": 3, "stride": 2, "padding": 1},
     lambda t: F.avg_pool1d(t, 3, 2, 1, count_include_pad=False))

def batch_norm(name, shape, training, momentum=0.1, eps=1e-5):
    c = shape[1]
    mean0 = torch.linspace(-0.5, 0.5, c, dtype=torch.float64)
    var0 = torch.linspace(0.5, 2.0, c, dtype=torch.float64)
    attrs = {"training": training, "momentum": momentum, "eps": eps,
             "running_mean": mean0.tolist(), "running_var": var0.tolist()}
    stats = {}

    def f(x, w, b):
        rm, rv = mean0.to(x.dtype).clone(), var0.to(x.dtype).clone()
        out = F.batch_norm(x, rm, rv, w, b, training, momentum, eps)
        stats["mean"], stats["var"] = rm.tolist(), rv.tolist()
        return out

    case(name, "batch_norm", attrs, [shape, [c], [c]], f)
    for entry in cases[-2:]:
        entry["running_mean_after"] = stats["mean"] if entry["dtype"] == "float32" else None
    # the float64 case's statistics: recompute in float64
    x = torch.tensor(cases[-2]["inputs"][0]["data"], dtype=torch.float64).reshape(shape)
    rm, rv = mean0.clone(), var0.clone()
    F.batch_norm(x, rm, rv, None, None, training, momentum, eps)
    cases[-2]["running_mean_after"], cases[-2]["running_var_after"] = rm.tolist(), rv.tolist()
    cases[-1]["running_var_after"] = stats["var"]


batch_norm("batch_norm train 2d", [4, 3, 3, 2], True)
batch_norm("batch_norm train 1d", [5, 4], True, momentum=0.3)
batch_norm("batch_norm eval", [2, 3, 2, 2], False)


def layer_norm(name, shape, normalized):
    case(name, "layer_norm", {"normalized_shape": normalized, "eps": 1e-5},
         [shape, normalized, normalized], lambda x, w, b: F.layer_norm(x, normalized, w, b, 1e-5))


layer_norm("layer_norm last dim", [3, 5], [5])
layer_norm("layer_norm two dims", [2, 3, 4], [3, 4])


def group_norm(name, shape, groups):
    c = shape[1]
    case(name, "group_norm", {"num_groups": groups, "eps": 1e-5}, [shape, [c], [c]],
         lambda x, w, b: F.group_norm(x, groups, w, b, 1e-5))


group_norm("group_norm 2 groups", [2, 4, 3, 3], 2)
group_norm("group_norm instance-like", [2, 3, 5], 3)

def interp(name, shape, **kw):
    case(name, "interpolate", kw, [shape], lambda t: F.interpolate(t, **kw))


interp("interpolate nearest size", [2, 2, 3, 4], size=[5, 7], mode="nearest")
interp("interpolate nearest scale 2", [1, 2, 3, 3], scale_factor=2.0, mode="nearest")
interp("interpolate nearest downsize", [1, 1, 7, 5], size=[3, 2], mode="nearest")
interp("interpolate bilinear size", [2, 2, 3, 4], size=[5, 7], mode="bilinear", align_corners=False)
interp("interpolate bilinear scale", [1, 2, 4, 3], scale_factor=[1.5, 2.0], mode="bilinear",
       align_corners=False)
interp("interpolate bilinear aligned", [1, 1, 3, 4], size=[6, 5], mode="bilinear",
       align_corners=True)
interp("interpolate bilinear downsize", [1, 1, 7, 6], size=[3, 4], mode="bilinear",
       align_corners=False)

errors = []
for shapes, kwargs in [(([1, 3, 5, 5], [2, 2, 3, 3]), {}),
                       (([1, 3, 2, 2], [2, 3, 3, 3]), {}),
                       (([1, 4, 5, 5], [2, 2, 3, 3]), {"groups": 3}),
                       (([1, 3, 5, 5], [2, 3, 3, 3]), {"padding": "same", "stride": 2})]:
    try:
        F.conv2d(torch.zeros(shapes[0]), torch.zeros(shapes[1]), **kwargs)
        raise SystemExit("PyTorch accepted " + str(shapes))
    except RuntimeError as e:
        errors.append({"input": shapes[0], "weight": shapes[1], "kwargs": kwargs,
                       "message": str(e).splitlines()[0]})
    except ValueError as e:
        errors.append({"input": shapes[0], "weight": shapes[1], "kwargs": kwargs,
                       "message": str(e).splitlines()[0]})

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", conv.py", "cases": cases,
                  "errors": errors}))
