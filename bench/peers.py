"""How PyTorch's and JAX's gradient checkers judge ngc's hard cases, at their defaults.

This script is a one-off measurement for comparison. ngc itself never needs torch,
jax or this script: nothing in the project imports it, and neither `npm install` nor
CI runs it. Install the two peers into a throwaway venv outside the project:

    python3 -m venv /tmp/peers
    /tmp/peers/bin/pip install torch==2.13.0 jax jaxlib numpy
    /tmp/peers/bin/python bench/peers.py          # from the repo root

Pin torch exactly: on this machine pip takes torch 2.13.0 (CPU build) from a local
file, while a plain `torch` would pull a CUDA build of several GB. Measured with
torch 2.13.0+cpu and jax/jaxlib 0.10.2 on CPython 3.11.

It prints a table and writes bench/peers.json (next to this file):

    {"torch": {"version", "defaults", "call"}, "jax": {...},
     "cases": {"<id>": {"torch": verdict, "jax": verdict, "expected": ...}},
     "details": {"<id>": {"torch": message, "jax": message}}}

A verdict is "passed" (the checker returned without raising), "failed" (it raised its
own assertion: torch.autograd.gradcheck.GradcheckError, or AssertionError from
jax.test_util.check_grads), or "error: <short message>" for anything else.

Every case has a forward value computed as described and a *given* analytic
gradient (not autodiff of the forward: some cases carry planted bugs):
  * torch: a torch.autograd.Function whose forward returns the loss as a float64
    0-d tensor and whose backward returns grad_output * gradient; checked with
    `gradcheck(fn, (w,))`, w a float64 tensor with requires_grad=True.
    Defaults (torch/autograd/gradcheck.py, def gradcheck): eps=1e-6, atol=1e-5,
    rtol=1e-3, fast_mode=False. The slow mode builds the full numerical Jacobian by
    central differences, one coordinate at a time with step eps, and compares it with
    the analytic Jacobian entrywise: torch.allclose(a, n, rtol, atol), that is
    |a - n| <= atol + rtol * |n|.
  * JAX (x64 enabled): a jax.custom_jvp whose JVP rule returns dot(gradient, w_dot);
    the rule is linear in the tangent, so JAX can transpose it and both check_grads
    modes run. Checked with `check_grads(f, (w,), order=1)`, default modes
    ("fwd", "rev"). Defaults (jax/_src/public_test_util.py): EPS = 1e-4;
    atol = rtol = default_gradient_tolerance[float64] = 1e-5, each multiplied by the
    size of the compared array (1 here: a scalar output, and a scalar inner product).
    fwd: the JVP along one random direction (np.random.RandomState(0).randn) against
    a central difference (f(w + eps*t) - f(w - eps*t)) / (2 eps). rev: <t, VJP(c)>
    against <numerical JVP(t), c> for random t, c. Both via
    np.testing.assert_allclose: |actual - desired| <= atol + rtol * |desired|,
    with desired the numerical value.
"""

import json
import math
import os
import sys
import traceback

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "peers.json")

W3 = [0.3, -0.7, 1.2]

# Each case: id, w, forward kind, gradient (numpy float64 function of w), expected verdict.
# Forward kinds are implemented once per library below.
CASES = [
    ("tiny-correct", W3, "tiny", lambda w: 2e-10 * w, "pass"),
    ("tiny-sign-flip", W3, "tiny", lambda w: -2e-10 * w, "fail"),
    ("tiny-times-10", W3, "tiny", lambda w: 2e-9 * w, "fail"),
    ("large-w", [1e8, 1e8, 1e8], "linear3", lambda w: np.full_like(w, 3.0), "pass"),
    ("offset", W3, "offset", lambda w: 2 * w, "pass"),
    ("float32", W3, "float32", lambda w: 2 * w, "pass (inconclusive at worst)"),
    ("noise", W3, "noise", lambda w: 2 * w, "pass"),
    ("near-kink", [1e-6, 0.5, -0.3], "abs", lambda w: np.sign(w), "pass"),
    ("at-kink", [0.0, 0.5, -0.3], "relu", lambda w: np.array([0.0, 1.0, 0.0]), "inconclusive"),
    ("high-curvature", [1e-7, 2e-7, -1e-7], "sin1e5",
     lambda w: 1e5 * np.cos(1e5 * w), "pass"),
    ("one-entry-off", W3, "cross",
     lambda w: np.array([2 * w[0] + w[1], 2 * w[1] + w[0], 2 * w[2] * 1.001]), "fail"),
    ("well-scaled-correct", W3, "cross",
     lambda w: np.array([2 * w[0] + w[1], 2 * w[1] + w[0], 2 * w[2]]), "pass"),
]


def short(e, limit=160):
    msg = " ".join(str(e).split())
    return f"{type(e).__name__}: {msg}"[:limit]


# ----------------------------------------------------------------------------- torch

def torch_forward(kind, w):
    import torch
    if kind == "tiny":
        return 1e-10 * (w * w).sum()
    if kind == "linear3":
        return 3 * w.sum()
    if kind == "offset":
        return 1e8 + (w * w).sum()
    if kind == "float32":
        w32 = w.to(torch.float32)
        s = w32 * w32                      # each product rounded to float32
        acc = torch.zeros((), dtype=torch.float32)
        for i in range(s.shape[0]):        # left-to-right float32 sum
            acc = acc + s[i]
        return acc.to(torch.float64)
    if kind == "noise":
        idx = torch.arange(1, w.shape[0] + 1, dtype=torch.float64)
        return (w * w).sum() + 1e-9 * torch.sin(1e12 * (idx * w).sum())
    if kind == "abs":
        return w.abs().sum()
    if kind == "relu":
        return torch.clamp_min(w, 0.0).sum()
    if kind == "sin1e5":
        return torch.sin(1e5 * w).sum()
    if kind == "cross":
        return (w * w).sum() + w[0] * w[1]
    raise ValueError(kind)


def run_torch(kind, w0, grad_fn):
    import torch
    from torch.autograd.gradcheck import GradcheckError

    class Planted(torch.autograd.Function):
        @staticmethod
        def forward(ctx, w):
            ctx.save_for_backward(w)
            with torch.no_grad():
                return torch_forward(kind, w).to(torch.float64)

        @staticmethod
        def backward(ctx, grad_output):
            (w,) = ctx.saved_tensors
            g = torch.as_tensor(grad_fn(w.detach().cpu().numpy().astype(np.float64)),
                                dtype=torch.float64)
            return grad_output * g

    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    try:
        torch.autograd.gradcheck(Planted.apply, (w,))
        return "passed", ""
    except GradcheckError as e:
        return "failed", short(e, 400)
    except Exception as e:  # anything that is not the checker's own verdict
        return "error: " + short(e, 120), traceback.format_exc(limit=2)


# ----------------------------------------------------------------------------- jax

def jax_forward(kind, w):
    import jax.numpy as jnp
    if kind == "tiny":
        return 1e-10 * jnp.sum(w * w)
    if kind == "linear3":
        return 3 * jnp.sum(w)
    if kind == "offset":
        return 1e8 + jnp.sum(w * w)
    if kind == "float32":
        w32 = w.astype(jnp.float32)
        s = w32 * w32
        acc = jnp.zeros((), dtype=jnp.float32)
        for i in range(s.shape[0]):
            acc = acc + s[i]
        return acc.astype(jnp.float64)
    if kind == "noise":
        idx = jnp.arange(1, w.shape[0] + 1, dtype=jnp.float64)
        return jnp.sum(w * w) + 1e-9 * jnp.sin(1e12 * jnp.sum(idx * w))
    if kind == "abs":
        return jnp.sum(jnp.abs(w))
    if kind == "relu":
        return jnp.sum(jnp.maximum(w, 0.0))
    if kind == "sin1e5":
        return jnp.sum(jnp.sin(1e5 * w))
    if kind == "cross":
        return jnp.sum(w * w) + w[0] * w[1]
    raise ValueError(kind)


def jax_gradient(kind, w, grad_fn, case_id):
    """The given gradient written with jnp ops, so it also works on traced primals."""
    import jax.numpy as jnp
    if case_id == "tiny-correct":
        return 2e-10 * w
    if case_id == "tiny-sign-flip":
        return -2e-10 * w
    if case_id == "tiny-times-10":
        return 2e-9 * w
    if case_id == "large-w":
        return jnp.full_like(w, 3.0)
    if case_id in ("offset", "float32", "noise"):
        return 2 * w
    if case_id == "near-kink":
        return jnp.sign(w)
    if case_id == "at-kink":
        return jnp.array([0.0, 1.0, 0.0], dtype=jnp.float64)
    if case_id == "high-curvature":
        return 1e5 * jnp.cos(1e5 * w)
    if case_id == "one-entry-off":
        return jnp.stack([2 * w[0] + w[1], 2 * w[1] + w[0], 2 * w[2] * 1.001])
    if case_id == "well-scaled-correct":
        return jnp.stack([2 * w[0] + w[1], 2 * w[1] + w[0], 2 * w[2]])
    raise ValueError(case_id)


def run_jax(case_id, kind, w0, grad_fn):
    import jax
    import jax.numpy as jnp
    from jax.test_util import check_grads

    @jax.custom_jvp
    def f(w):
        return jax_forward(kind, w)

    @f.defjvp
    def f_jvp(primals, tangents):
        (w,), (w_dot,) = primals, tangents
        g = jax_gradient(kind, w, grad_fn, case_id)
        return f(w), jnp.dot(g, w_dot)

    # sanity: the jnp gradient equals the numpy one the torch side uses
    g_np = np.asarray(grad_fn(np.array(w0, dtype=np.float64)))
    g_jx = np.asarray(jax_gradient(kind, jnp.array(w0, dtype=jnp.float64), grad_fn, case_id))
    assert np.array_equal(g_np, g_jx), (case_id, g_np, g_jx)

    w = jnp.array(w0, dtype=jnp.float64)
    try:
        check_grads(f, (w,), order=1)
        return "passed", ""
    except AssertionError as e:
        return "failed", short(e, 400)
    except Exception as e:
        return "error: " + short(e, 120), traceback.format_exc(limit=2)


# ----------------------------------------------------------------------------- main

def main():
    import torch
    import jax
    jax.config.update("jax_enable_x64", True)
    import jaxlib

    # Cross-check: the forward values agree between the two libraries.
    for cid, w0, kind, _, _ in CASES:
        tv = float(torch_forward(kind, torch.tensor(w0, dtype=torch.float64)))
        jv = float(jax_forward(kind, jax.numpy.array(w0, dtype=jax.numpy.float64)))
        if tv != jv:
            print(f"note: forward values differ for {cid}: torch {tv!r} jax {jv!r}",
                  file=sys.stderr)

    cases, details = {}, {}
    for cid, w0, kind, grad_fn, expected in CASES:
        tv, tmsg = run_torch(kind, w0, grad_fn)
        jv, jmsg = run_jax(cid, kind, w0, grad_fn)
        cases[cid] = {"torch": tv, "jax": jv, "expected": expected}
        details[cid] = {"torch": tmsg, "jax": jmsg}

    out = {
        "torch": {
            "version": torch.__version__,
            "defaults": "gradcheck(fn, (w,)): eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=False; "
                        "full Jacobian by central differences with step eps per coordinate; "
                        "pass iff |a - n| <= atol + rtol*|n| entrywise (torch.allclose)",
            "call": "torch.autograd.gradcheck(Planted.apply, (w,)), w float64 requires_grad; "
                    "Planted is a torch.autograd.Function",
        },
        "jax": {
            "version": jax.__version__,
            "jaxlib": jaxlib.__version__,
            "defaults": "check_grads(f, (w,), order=1): modes=('fwd','rev'), eps=1e-4, "
                        "atol=rtol=1e-5 for float64 (times the compared array's size, 1 here); "
                        "one random direction (RandomState(0)), central difference; "
                        "pass iff |ad - num| <= atol + rtol*|num| (np.testing.assert_allclose)",
            "call": "jax.test_util.check_grads(f, (w,), order=1), x64 enabled, "
                    "f a jax.custom_jvp with JVP rule dot(gradient, w_dot); both fwd and rev run",
        },
        "cases": cases,
        "details": details,
    }
    with open(OUT, "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")

    print(f"torch {torch.__version__}  (eps=1e-6, atol=1e-5, rtol=1e-3)")
    print(f"jax   {jax.__version__}  (eps=1e-4, atol=rtol=1e-5, fwd+rev)")
    print()
    print(f"{'case':22} {'expected':30} {'torch':16} {'jax':16}")
    print("-" * 86)
    for cid, _, _, _, expected in CASES:
        c = cases[cid]
        print(f"{cid:22} {expected:30} {c['torch']:16} {c['jax']:16}")
    print()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
