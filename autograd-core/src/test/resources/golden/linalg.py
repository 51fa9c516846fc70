# Golden values for dev.autograd.Linalg, from PyTorch 1.13 (CPU, LAPACK).
# Regenerate: /usr/bin/python3 linalg.py > linalg.json
# Each case applies a function "fn" (one of FNS below, mirrored in LinalgTest) to its inputs: a
# linalg op, or a sign-invariant function of its outputs where those are defined only up to sign
# (eigenvectors, singular vectors): projections v v^T, |V|, U diag(S) Vh, matrix functions
# V diag(f(L)) V^T. grads[i] is the gradient of sum(output * upstream) with respect to inputs[i];
# gradgrads[i] that of sum(grads * vs). QR's Q and R are compared as they are: LAPACK's
# Householder reflectors fix their signs, and the library uses the same reflectors.
import json
import torch

L = torch.linalg


def spec(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def uniform(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=g, dtype=torch.float64) * 2 - 1


def eye(n):
    return torch.eye(n, dtype=torch.float64)


def conditioned(shape, seed):
    return uniform(shape, seed) + shape[-1] * eye(shape[-1])


def spd(shape, seed):
    x = uniform(shape, seed)
    return x @ x.mT + shape[-1] * eye(shape[-1])


def symmetric(shape, seed):
    x = uniform(shape, seed)
    n = shape[-1]
    return 0.3 * (x + x.mT) + torch.diag(torch.arange(1, n + 1, dtype=torch.float64))


def rect(shape, seed):
    m, n = shape[-2], shape[-1]
    d = torch.zeros(m, n, dtype=torch.float64)
    for i in range(min(m, n)):
        d[i, i] = i + 1
    return 0.3 * uniform(shape, seed) + d


FNS = {
    "inv": lambda a: L.inv(a),
    "solve": lambda a, b: L.solve(a, b),
    "det": lambda a: L.det(a),
    "slogdet.logabsdet": lambda a: L.slogdet(a).logabsdet,
    "cholesky": lambda a: L.cholesky(a),
    "cholesky(upper)": lambda a: L.cholesky(a, upper=True),
    "qr.q": lambda a: L.qr(a).Q,
    "qr.r": lambda a: L.qr(a).R,
    "qr(complete).q": lambda a: L.qr(a, mode="complete").Q,
    "qr(complete).r": lambda a: L.qr(a, mode="complete").R,
    "eigh.eigenvalues": lambda a: L.eigh(a).eigenvalues,
    "eigh(U).eigenvalues": lambda a: L.eigh(a, UPLO="U").eigenvalues,
    # the projection onto the first eigenvector, v0 v0^T
    "eigh.projection": lambda a: (lambda v: v[..., :, :1] @ v[..., :, :1].mT)(L.eigh(a).eigenvectors),
    # exp(A) = V diag(exp(L)) V^T
    "eigh.exp": lambda a: (lambda e: e.eigenvectors @ torch.diag_embed(e.eigenvalues.exp())
                           @ e.eigenvectors.mT)(L.eigh(a)),
    "eigh.abs(eigenvectors)": lambda a: L.eigh(a).eigenvectors.abs(),
    "svd.s": lambda a: L.svd(a, full_matrices=False).S,
    "svdvals": lambda a: L.svdvals(a),
    # u0 v0^T, the first singular pair's outer product
    "svd.u0v0": lambda a: (lambda f: f.U[..., :, :1] @ f.Vh[..., :1, :])(L.svd(a, full_matrices=False)),
    # U U^T and Vh^T Vh: the projections onto the column and row spaces
    "svd.uut": lambda a: (lambda u: u @ u.mT)(L.svd(a, full_matrices=False).U),
    "svd.abs(u)": lambda a: L.svd(a, full_matrices=False).U.abs(),
    "svd.abs(vh)": lambda a: L.svd(a, full_matrices=False).Vh.abs(),
    "svd(full).abs(u)": lambda a: L.svd(a, full_matrices=True).U[..., :, :min(a.shape[-2:])].abs(),
}

cases = []


def case(name, fn, inputs, second=True):
    for dtype, dname in [(torch.float64, "float64"), (torch.float32, "float32")]:
        xs = [x.to(dtype).requires_grad_(True) for x in inputs]
        out = FNS[fn](*xs)
        upstream = (torch.linspace(-1, 1, out.numel(), dtype=dtype).reshape(out.shape) + 0.25)
        grads = torch.autograd.grad(out, xs, upstream, create_graph=True)
        entry = {"name": f"{name} {dname}", "fn": fn, "dtype": dname,
                 "inputs": [spec(x) for x in xs], "output": spec(out),
                 "upstream": spec(upstream), "grads": [spec(g) for g in grads]}
        if second and dtype == torch.float64:
            vs = [uniform(g.shape, 40 + i).to(dtype) for i, g in enumerate(grads)]
            total = sum((g * v).sum() for g, v in zip(grads, vs))
            second_grads = torch.autograd.grad(total, xs, allow_unused=True)
            entry["vs"] = [spec(v) for v in vs]
            entry["gradgrads"] = [None if g is None else spec(g) for g in second_grads]
        cases.append(entry)


case("inv 3x3", "inv", [conditioned([3, 3], 1)])
case("inv batch 2x4x4", "inv", [conditioned([2, 4, 4], 2)])
case("inv 1x1", "inv", [conditioned([1, 1], 3)])
case("inv empty batch", "inv", [conditioned([0, 3, 3], 3)], second=False)
case("solve vector", "solve", [conditioned([3, 3], 4), uniform([3], 5)])
case("solve matrix", "solve", [conditioned([3, 3], 6), uniform([3, 2], 7)])
case("solve batched vector", "solve", [conditioned([2, 3, 3], 8), uniform([2, 3], 9)])
case("solve broadcast B", "solve", [conditioned([2, 3, 3], 10), uniform([3, 4], 11)])
case("solve broadcast A", "solve", [conditioned([3, 3], 12), uniform([2, 1, 3, 2], 13)])
case("det 3x3", "det", [uniform([3, 3], 14)])
case("det batch 2x2x4x4", "det", [uniform([2, 2, 4, 4], 15)])
case("det 1x1", "det", [uniform([1, 1], 16)])
case("slogdet 4x4", "slogdet.logabsdet", [uniform([4, 4], 17)])
case("slogdet batch", "slogdet.logabsdet", [conditioned([3, 3, 3], 18)])
case("cholesky 4x4", "cholesky", [spd([4, 4], 19)])
case("cholesky batch", "cholesky", [spd([2, 3, 3], 20)])
case("cholesky upper", "cholesky(upper)", [spd([3, 3], 21)])
case("qr tall Q", "qr.q", [uniform([5, 3], 22)])
case("qr tall R", "qr.r", [uniform([5, 3], 22)])
case("qr wide Q", "qr.q", [uniform([3, 5], 23)])
case("qr wide R", "qr.r", [uniform([3, 5], 23)])
case("qr batch R", "qr.r", [uniform([2, 4, 4], 24)])
case("qr complete wide Q", "qr(complete).q", [uniform([2, 4], 25)])
case("qr complete wide R", "qr(complete).r", [uniform([2, 4], 25)])
case("eigh eigenvalues", "eigh.eigenvalues", [symmetric([4, 4], 26)])
case("eigh eigenvalues upper", "eigh(U).eigenvalues", [symmetric([4, 4], 27)])
case("eigh projection", "eigh.projection", [symmetric([4, 4], 28)])
case("eigh exp batch", "eigh.exp", [symmetric([2, 3, 3], 29)])
case("eigh abs eigenvectors", "eigh.abs(eigenvectors)", [symmetric([3, 3], 30)])
case("eigh 1x1", "eigh.exp", [symmetric([1, 1], 31)])
case("svd s tall", "svd.s", [rect([5, 3], 32)])
case("svd s wide batch", "svd.s", [rect([2, 3, 4], 33)])
case("svdvals", "svdvals", [rect([4, 4], 34)])
case("svd u0v0 tall", "svd.u0v0", [rect([4, 3], 35)])
case("svd u0v0 wide", "svd.u0v0", [rect([3, 4], 36)])
case("svd uut tall", "svd.uut", [rect([5, 3], 37)])
case("svd abs u square", "svd.abs(u)", [rect([3, 3], 38)])
case("svd abs vh wide", "svd.abs(vh)", [rect([2, 4], 39)])
case("svd full abs u tall", "svd(full).abs(u)", [rect([4, 2], 40)])
case("svd 1x1", "svd.s", [rect([1, 1], 41)])

# The singular case of det, as PyTorch 1.13 handles it: a first-order gradient of 0 at an exactly
# singular matrix (its LU has a zero pivot), the true cofactors when the gradient is recorded.
singular = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64, requires_grad=True)
first = torch.autograd.grad(L.det(singular), singular)[0]
recorded = torch.autograd.grad(L.det(singular), singular, create_graph=True)[0]
slog = L.slogdet(torch.tensor([[0.0, 1.0], [1.0, 0.0]], dtype=torch.float64))
special = {
    "det_singular": spec(singular), "det_singular_first": spec(first),
    "det_singular_recorded": spec(recorded),
    "slogdet_permutation": [slog.sign.item(), slog.logabsdet.item()],
}
# Repeated singular values and eigenvalues (the identity): the gradient through S or L alone is
# finite, through the vectors NaN, as PyTorch documents.
eye3 = eye(3).requires_grad_(True)
special["svd_repeated_s_grad"] = spec(torch.autograd.grad(L.svd(eye3).S.sum(), eye3)[0])
special["svd_repeated_u_grad"] = spec(torch.autograd.grad(L.svd(eye3).U.sum(), eye3)[0])
special["eigh_repeated_vectors_grad"] = spec(torch.autograd.grad(L.eigh(eye3).eigenvectors.sum(), eye3)[0])
special["eigh_repeated_values_grad"] = spec(torch.autograd.grad(L.eigh(eye3).eigenvalues.sum(), eye3)[0])

print(json.dumps({"cases": cases, "special": special}))
