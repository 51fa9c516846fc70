# Golden trajectories of torch.optim.LBFGS (PyTorch 1.13, float64), with and without the
# strong-Wolfe line search. Regenerate: /usr/bin/python3 lbfgs.py > lbfgs.json
# Each run's name describes the optimizer as OptimizerFromName reads it (PyTorch's option names).
# Each run records, after each step: the loss the step returned (the one before it), the
# parameters (flattened, concatenated) and the state's func_evals and n_iter.
import json
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def rosenbrock(x):
    # the terms are added one by one, left to right, so that the loss does not depend on the
    # order of a library's sum kernel (the line search compares and interpolates losses)
    terms = 100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2
    loss = terms[0]
    for i in range(1, terms.shape[0]):
        loss = loss + terms[i]
    return loss


ROSEN10 = [-1.2, 1.0, -0.5, 0.8, 1.3, -0.7, 0.4, 1.1, -1.0, 0.3]

RUNS = [
    # problem, initial parameter shapes and values, options, steps
    ("rosenbrock2", [[2]], [-1.5, 2.0], dict(line_search_fn="strong_wolfe"), 6),
    ("rosenbrock2", [[2]], [-1.5, 2.0], dict(lr=0.05, max_iter=10), 6),
    ("rosenbrock10", [[4], [2, 3]], ROSEN10,
     dict(line_search_fn="strong_wolfe", history_size=3, max_iter=8), 8),
    ("rosenbrock10", [[4], [2, 3]], ROSEN10, dict(lr=0.02, history_size=3, max_iter=15), 6),
]


def describe(options):
    return " ".join(["LBFGS"] + [k + "=" + str(v) for k, v in options.items() if v is not None])



runs = []
for problem, shapes, init, options, steps in RUNS:
    params, offset = [], 0
    for shape in shapes:
        n = 1
        for s in shape:
            n *= s
        params.append(torch.tensor(init[offset:offset + n]).reshape(shape).requires_grad_(True))
        offset += n
    opt = torch.optim.LBFGS(params, **options)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(torch.cat([p.reshape(-1) for p in params]))
        loss.backward()
        return loss

    trajectory = []
    for _ in range(steps):
        loss = opt.step(closure)
        state = opt.state[params[0]]
        trajectory.append({"loss": loss.item(),
                           "x": torch.cat([p.detach().reshape(-1) for p in params]).tolist(),
                           "func_evals": state["func_evals"], "n_iter": state["n_iter"]})
    runs.append({"problem": problem, "name": describe(options), "shapes": shapes, "init": init, "trajectory": trajectory})

# least squares with a Linear(3, 2): mse_loss(linear(X), Y)
g = torch.Generator().manual_seed(19)
X = torch.randn(6, 3, generator=g)
Y = torch.randn(6, 2, generator=g)
W0 = torch.randn(2, 3, generator=g) * 0.5
b0 = torch.randn(2, generator=g) * 0.5
linear_runs = []
for line_search in ["strong_wolfe", None]:
    model = torch.nn.Linear(3, 2)
    with torch.no_grad():
        model.weight.copy_(W0)
        model.bias.copy_(b0)
    options = dict(lr=0.5 if line_search is None else 1.0, max_iter=4, history_size=3,
                   line_search_fn=line_search)
    opt = torch.optim.LBFGS(model.parameters(), **options)

    def closure():
        opt.zero_grad()
        loss = F.mse_loss(model(X), Y)
        loss.backward()
        return loss

    trajectory = []
    for _ in range(5):
        loss = opt.step(closure)
        state = opt.state[model.weight]
        trajectory.append({"loss": loss.item(),
                           "x": torch.cat([model.weight.detach().reshape(-1),
                                           model.bias.detach()]).tolist(),
                           "func_evals": state["func_evals"], "n_iter": state["n_iter"]})
    linear_runs.append({"name": describe(options), "trajectory": trajectory})

print(json.dumps({"source": "PyTorch " + torch.__version__ + ", lbfgs.py", "runs": runs,
                  "linear": {"X": X.reshape(-1).tolist(), "Y": Y.reshape(-1).tolist(),
                             "W0": W0.reshape(-1).tolist(), "b0": b0.tolist(),
                             "runs": linear_runs}}, indent=1))
