"""Elastic-net pieces shared by issue16_penalty_factors.py and issue18_path_cv.py: glmnet runs through R, the
contract objective's exact solution along a lambda sequence (active-set Newton, warm started), lambda_max in
closed form, deviance explained, and a certificate of which coefficients are unique (lasso with collinear columns).

Contract objective for a penalty lambda and mixing alpha (glmnet's convention, ../shared/contract.md):
    (1/n) sum_i loss_i + lambda * sum_j pf_j ((1 - alpha)/2 w_j^2 + alpha |w_j|)
i.e. refcommon.Problem with l1 = lambda * alpha and l2 = lambda * (1 - alpha).
"""
import math

import numpy as np
from scipy.optimize import linprog

from refcommon import Family, Problem, kkt_polish_elastic, newton, run_r

FAMILY = {"binomial": "logistic", "gaussian": "least-squares"}


def glmnet(X, y, family, alpha, pf, lambdas=None, foldid=None):
    """y is -1/+1 for binomial (passed to glmnet as 0/1). Returns the path and, with foldid (0-based), cv tables."""
    inputs = {"X": X, "y": (y > 0).astype(float) if family == "binomial" else y, "pf": pf}
    outs = ["path", "nulldev"]
    if lambdas is not None:
        inputs["lambdas"] = np.asarray(lambdas, float)
    if foldid is not None:
        inputs["foldid"] = np.asarray(foldid, float) + 1
        measures = ["deviance", "class", "auc"] if family == "binomial" else ["mse"]
        outs += ["cv_" + m for m in measures] + ["cv_choice"]
    r = run_r("glmnet_path.R", inputs, outs, [family, repr(alpha)])
    path = r["path"][0]
    res = {"lambda": path[:, 0], "a0": path[:, 1], "dev_ratio": path[:, 2], "beta": path[:, 3:],
           "nulldev": r["nulldev"][0][0, 0]}
    if foldid is not None:
        res["cv"] = {}
        for k, m in enumerate(measures):
            t = r["cv_" + m][0]
            res["cv"][m] = {"lambda": t[:, 0], "cvm": t[:, 1], "cvsd": t[:, 2], "nzero": t[:, 3],
                            "lambda_min": r["cv_choice"][0][k, 0], "lambda_1se": r["cv_choice"][0][k, 1]}
    return res


def problem(X, y, family, lam, alpha, pf):
    return Problem(X, y, Family(FAMILY[family]), l2=lam * (1 - alpha), l1=lam * alpha, pf=pf)


def null_model(X, y, family, pf):
    """The model at lambda >= lambda_max: intercept and unpenalized (pf 0) features fitted, the rest 0."""
    d = X.shape[1]
    free = np.append(pf == 0, True)
    prob = Problem(X, y, Family(FAMILY[family]), pf=pf)
    theta = np.zeros(d + 1)
    if free[:d].any():
        theta = newton(prob, theta, free=free)
    else:
        # closed form: the mean for least squares, logit of the positive share for logistic
        if family == "gaussian":
            theta[-1] = math.fsum(y) / len(y)
        else:
            p = (y > 0).sum() / len(y)
            theta[-1] = math.log(p / (1 - p))
    return theta


def lambda_max(X, y, family, alpha, pf):
    """Smallest lambda at which every penalized coefficient is 0: max over pf_j > 0 of |g_j| / (alpha pf_j), g the
    exact gradient of the mean loss at the null model."""
    theta = null_model(X, y, family, pf)
    prob = Problem(X, y, Family(FAMILY[family]), pf=pf)
    g = prob.smooth_grad(theta, exact=True)[:X.shape[1]]
    pen = pf > 0
    return float(np.max(np.abs(g[pen]) / (alpha * pf[pen]))), theta


def solve_path(X, y, family, alpha, pf, lambdas, starts=None):
    """Exact solutions of the contract objective along `lambdas`, each polished until KKT holds to rounding;
    warm started from the previous lambda (or from `starts`, e.g. glmnet's coefficients)."""
    theta = null_model(X, y, family, pf)
    out = []
    for k, lam in enumerate(lambdas):
        prob = problem(X, y, family, lam, alpha, pf)
        start = theta if starts is None else starts[k]
        theta = kkt_polish_elastic(prob, start)
        out.append(theta.copy())
    return out


def deviance_ratio(X, y, family, theta, null_theta):
    """glmnet's dev.ratio = 1 - deviance / null deviance (binomial: 2 n mean log loss; gaussian: RSS)."""
    fam = Family(FAMILY[family])
    A = np.hstack([X, np.ones((len(y), 1))])
    dev = math.fsum(fam.loss(y, A @ theta))
    null = math.fsum(fam.loss(y, A @ null_theta))
    return 1 - dev / null


def coefficient_ranges(X, theta, pf, lam_l1, rel_tol=1e-11):
    """For a lasso-type optimum (no L2 on the affected coefficients): the range of each coefficient (and the
    intercept) over ALL optima. Optima share the linear predictor (strictly convex loss in it), so they differ by a
    null vector N t of [X 1] with the same L1 penalty: minimise/maximise theta_j + (N t)_j subject to
    sum pf |w + N_w t| <= P*, by linear programming. Returns (lo, hi) arrays, or None when the null space is empty."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    _, s, vt = np.linalg.svd(A, full_matrices=False)
    N = vt[s < 1e-9 * s[0]].T  # (d+1) x r
    if N.shape[1] == 0:
        return None
    w = theta[:d]
    P = math.fsum(pf * np.abs(w))
    r = N.shape[1]
    pen = np.where(pf > 0)[0]
    # variables: t (r, free), u (len(pen), >= 0); u_j >= |w_j + (N t)_j| for penalized j
    Nw = N[pen]
    m = len(pen)
    A_ub = np.vstack([np.hstack([Nw, -np.eye(m)]), np.hstack([-Nw, -np.eye(m)]),
                      np.hstack([np.zeros((1, r)), pf[pen][None, :]])])
    b_ub = np.concatenate([-w[pen], w[pen], [P * (1 + rel_tol) + 1e-300]])
    # t is boxed only to keep the LP bounded under HiGHS's tolerances (a true null direction cannot move a
    # coefficient without bound at a fixed L1 norm); a range reaching the box would show as an endpoint ~1e4 away
    bounds = [(-1e4, 1e4)] * r + [(0, None)] * m
    lo, hi = theta.copy(), theta.copy()
    for j in range(d + 1):
        if not np.any(np.abs(N[j]) > 1e-12):
            continue
        c = np.concatenate([N[j], np.zeros(m)])
        for sgn in (1, -1):
            res = linprog(sgn * c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
            if res.status != 0:
                raise RuntimeError(res.message)
            val = theta[j] + N[j] @ res.x[:r]
            if sgn == 1:
                lo[j] = val
            else:
                hi[j] = val
    return lo, hi
