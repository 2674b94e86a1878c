"""Issue 16 f): bound-constrained least squares on cpusmall with a free (unbounded, unpenalized) intercept.

    F(w, b) = (1/2n) sum_i (x_i.w + b - y_i)^2 + lam/2 ||w||^2   subject to  lower_j <= w_j <= upper_j

Cases: non-negative (lam 0 and 1e-3), all coefficients in [-0.5, 2] (lam 0), and per-feature bounds from
issue16/cpusmall-bounds.csv (lam 0). Start: scipy.optimize.lsq_linear(method='bvls') on the augmented system
[X 1]/sqrt(n), rows sqrt(lam) I; polished by an active-set Newton solve of the free coordinates; accuracy is the
projected-gradient norm (KKT: free coordinates' gradient 0, at a lower bound gradient >= 0, at an upper <= 0).
Cross-checks: scipy.optimize.nnls on the centred (and ridge-augmented) system for the non-negative cases
(centring eliminates the free intercept exactly), lsq_linear(method='trf') for the boxes.
Run: /usr/bin/python3 scripts/references/issue16_bounds.py
"""
import math
import os

import numpy as np
from scipy.optimize import lsq_linear, nnls

from refcommon import OUT, Family, Problem, cpusmall, newton, report, versions, write_json

FOLDER = os.path.join(OUT, "issue16")
X, y = cpusmall()
n, d = X.shape

PER_FEATURE = [(-math.inf, 0.0), (0.0, 1.0), (0.0, math.inf), (-math.inf, math.inf), (-2.0, 2.0),
               (-math.inf, -30.0), (1.0, 3.0), (-math.inf, math.inf), (-10.0, 10.0), (-50.0, math.inf),
               (-math.inf, math.inf), (0.0, 20.0)]


def jnum(x):
    return "Infinity" if x == math.inf else "-Infinity" if x == -math.inf else "%.17g" % x


with open(os.path.join(FOLDER, "cpusmall-bounds.csv"), "w") as f:
    f.write("feature,lower,upper\n")
    for j, (lo, hi) in enumerate(PER_FEATURE):
        f.write("%d,%s,%s\n" % (j + 1, jnum(lo), jnum(hi)))


def augmented(lam):
    A = np.hstack([X, np.ones((n, 1))]) / math.sqrt(n)
    b = y / math.sqrt(n)
    if lam > 0:
        A = np.vstack([A, np.hstack([math.sqrt(lam) * np.eye(d), np.zeros((d, 1))])])
        b = np.append(b, np.zeros(d))
    return A, b


def polish(prob, theta, lo, hi):
    """Active-set Newton: hold coordinates at their bounds, solve the rest exactly, release/clip until KKT."""
    theta = np.clip(theta, np.append(lo, -np.inf), np.append(hi, np.inf))
    for _ in range(100):
        w = theta[:d]
        fixed = (w <= lo) | (w >= hi)
        free = np.append(~fixed, True)
        new = newton(prob, theta, free=free)
        out = (new[:d] < lo) | (new[:d] > hi)
        if out.any():
            # move to the first bound hit, fix it, redo
            step = new - theta
            frac = np.ones(d)
            with np.errstate(divide="ignore", invalid="ignore"):
                frac[new[:d] < lo] = ((lo - w) / step[:d])[new[:d] < lo]
                frac[new[:d] > hi] = ((hi - w) / step[:d])[new[:d] > hi]
            t = frac.min()
            theta = theta + t * step
            hit = out & (frac <= t + 1e-15)
            theta[:d][hit] = np.where(new[:d][hit] < lo[hit], lo[hit], hi[hit])
            continue
        theta = new
        g = prob.smooth_grad(theta)[:d]
        w = theta[:d]
        wrong = np.where(w <= lo, -g, 0.0) + np.where(w >= hi, g, 0.0)
        if not (wrong > 1e-12 * max(1.0, np.abs(g).max())).any():
            return theta
        j = int(np.argmax(wrong))
        theta[j] = theta[j] + (1e-9 if w[j] <= lo[j] else -1e-9)  # release the worst, Newton sizes it
    raise RuntimeError("active set did not settle")


CASES = [
    ("nonnegative-l2-0", 0.0, np.zeros(d), np.full(d, np.inf), "w_j >= 0 for every feature (--nonnegative)"),
    ("nonnegative-l2-1e-3", 1e-3, np.zeros(d), np.full(d, np.inf), "w_j >= 0 for every feature (--nonnegative)"),
    ("box-0.5-2-l2-0", 0.0, np.full(d, -0.5), np.full(d, 2.0),
     "-0.5 <= w_j <= 2.0 for every feature (--lower-bound -0.5 --upper-bound 2.0)"),
    ("per-feature-bounds-l2-0", 0.0, np.array([b[0] for b in PER_FEATURE]), np.array([b[1] for b in PER_FEATURE]),
     "per-feature bounds of issue16/cpusmall-bounds.csv (feature = 1-based index, lower, upper; "
     "Infinity = unbounded)"),
]

for name, lam, lo, hi, bdoc in CASES:
    prob = Problem(X, y, Family("least-squares"), l2=lam)
    A, b = augmented(lam)
    start = lsq_linear(A, b, bounds=(np.append(lo, -np.inf), np.append(hi, np.inf)), method="bvls", tol=1e-15,
                       lsmr_tol=None, max_iter=10000)
    theta = polish(prob, start.x.copy(), lo, hi)
    rep = report(prob, theta, lo, hi)
    cross = {"scipy_lsq_linear_bvls": (start.x, "lsq_linear(A, b, bounds, method='bvls', tol=1e-15) on the "
                                                "augmented system (before polishing)")}
    if name.startswith("nonnegative"):
        # eliminate the free intercept exactly: centre y and the columns of X (b = ybar - xbar.w)
        xm, ym = X.mean(0), y.mean()
        Ac, bc = (X - xm), (y - ym)
        if lam > 0:
            Ac = np.vstack([Ac, math.sqrt(lam * n) * np.eye(d)])
            bc = np.append(bc, np.zeros(d))
        wn, _ = nnls(Ac, bc, maxiter=100000)
        cross["scipy_nnls_centred"] = (np.append(wn, ym - xm @ wn),
                                       "nnls([X - mean(X); sqrt(lam n) I], [y - mean(y); 0]), b = mean(y) - mean(X).w")
    else:
        trf = lsq_linear(A, b, bounds=(np.append(lo, -np.inf), np.append(hi, np.inf)), method="trf", tol=1e-15,
                         max_iter=100000)
        cross["scipy_lsq_linear_trf"] = (trf.x, "lsq_linear(A, b, bounds, method='trf', tol=1e-15)")
    at_lo = [j + 1 for j in range(d) if theta[j] <= lo[j]]
    at_hi = [j + 1 for j in range(d) if theta[j] >= hi[j]]
    body = {
        "fixture": "issue 16: bound-constrained least squares on cpusmall, intercept free",
        "command": "/usr/bin/python3 scripts/references/issue16_bounds.py",
        "data": "../shared/data/cpusmall_scale.libsvm, all 8192 rows, 12 features",
        "objective": "least-squares",
        "contract_objective": "(1/8192) sum_i (x_i.w + b - y_i)^2 / 2 + reg_l2/2 ||w||^2, subject to the bounds "
                              "on w (b unbounded, unpenalized)",
        "bounds": bdoc,
        "lower": [jnum(v) for v in lo], "upper": [jnum(v) for v in hi],
        "reg_l2": lam, "reg_l1": 0.0, "intercept_fitted": True,
        "objective_value": rep["objective"], "intercept": theta[-1], "coefficients": theta[:-1],
        "features_at_lower_bound": at_lo, "features_at_upper_bound": at_hi,
        "projected_gradient_norm": rep["kkt_norm"],
        "solver": "scipy lsq_linear (bvls) then own active-set Newton polish; projected_gradient_norm uses the "
                  "exact (fsum) gradient",
    }
    for k, (t, how) in cross.items():
        r = report(prob, t, lo, hi)
        body["cross_check_" + k] = {"call": how, "objective_value": r["objective"],
                                    "max_abs_coefficient_difference": float(np.max(np.abs(t - theta)))}
    body["versions"] = versions()
    print(name, rep, at_lo, at_hi, {k: float(np.max(np.abs(t - theta))) for k, (t, _) in cross.items()})
    write_json(os.path.join(FOLDER, "least-squares-cpusmall-%s.json" % name), body)
