"""Issue 19: R's summary(glm(...)) on four real problems, checked by an independent recomputation here.

For each: estimates (own Newton on the contract objective, compared with glm's), standard errors, z or t values,
p-values, 95% Wald intervals (estimate -/+ q se, q = qnorm(0.975) for z families, qt(0.975, df.residual) for t
families, as summary.glm's test statistic) and confint.default (always qnorm), the dispersion, deviances, AIC, and
the unpenalized optimum of the contract objective. R's standard errors use the EXPECTED (Fisher) information
phi (X^T W X)^-1 with IRLS weights W = (dmu/deta)^2 / V(mu) (summary.glm); for canonical links (logistic, Poisson,
Gaussian) it equals the Hessian of the contract objective times n; for Gamma with log link it does not (W = 1, the
Hessian's weight is y/mu), so the Gamma fixture also records the observed-information standard errors.
Run: /usr/bin/python3 scripts/references/issue19_statistics.py
"""
import os

import numpy as np
from scipy import stats

from refcommon import (OUT, Family, Problem, a9a, cpusmall, f17, newton, r_versions, report, run_r, versions,
                       write_json)

FOLDER = os.path.join(OUT, "issue19")
ENV = dict(versions(), **r_versions())
os.makedirs(FOLDER, exist_ok=True)

# ------------------------------------------------------------------------------------------- a9a subset
A9A_ROWS = 3000
A9A_FEATURES = [2, 3, 4, 6, 22, 40, 42, 63, 72, 75, 80, 81]  # 1-based a9a indices; no complete one-hot group
Xa, ya = a9a()
Xs = Xa[:A9A_ROWS][:, [j - 1 for j in A9A_FEATURES]]
ys = ya[:A9A_ROWS]
with open(os.path.join(FOLDER, "a9a-subset.libsvm"), "w") as f:
    for i in range(A9A_ROWS):
        f.write("%+d" % ys[i] + "".join(" %d:1" % (j + 1) for j in range(len(A9A_FEATURES)) if Xs[i, j] != 0) + "\n")
print("wrote a9a-subset.libsvm; class counts", int((ys > 0).sum()), int((ys < 0).sum()),
      "feature counts by class", [(int(Xs[ys > 0, j].sum()), int(Xs[ys < 0, j].sum())) for j in range(Xs.shape[1])])

# ------------------------------------------------------------------------------------------- the others
Xc, yc = cpusmall()
pos = yc > 0
ins = np.loadtxt(os.path.join(OUT, "issue16", "insurance-design.csv"), delimiter=",", skiprows=1)
Xi, yi, oi = ins[:, 1:10], ins[:, 0], ins[:, 10]

CASES = [
    ("logistic-a9a-subset", "binomial", "logistic", Xs, ys, None,
     "issue19/a9a-subset.libsvm: the first %d rows of ../shared/data/a9a.libsvm, only a9a features %s, renumbered "
     "1..%d in that order; labels -1/+1 (R: y = 1 for +1)" % (A9A_ROWS, A9A_FEATURES, len(A9A_FEATURES))),
    ("least-squares-cpusmall", "gaussian", "least-squares", Xc, yc, None,
     "../shared/data/cpusmall_scale.libsvm, all 8192 rows, 12 features"),
    ("poisson-insurance-offset", "poisson", "poisson", Xi, yi, oi,
     "issue16/insurance-design.csv (label claims, 9 dummy features, offset column log_holders)"),
    ("gamma-cpusmall-positive", "gamma", "gamma", Xc[pos], yc[pos], None,
     "../shared/data/cpusmall_scale.libsvm, only the lines whose label is > 0 (7909 rows), 12 features"),
]

for name, rfam, fam, X, y, off, ddoc in CASES:
    n, d = X.shape
    o = np.zeros(n) if off is None else off
    r = run_r("summary_glm.R", {"X": X, "y": (y > 0).astype(float) if rfam == "binomial" else y, "offset": o},
              ["coef", "ci_wald", "ci_default", "scalars", "se_first"], [rfam])
    coef, ci_w, ci_d, sc = r["coef"][0], r["ci_wald"][0], r["ci_default"][0], r["scalars"][0][0]
    disp, dfr, dev, nulldev, aic, iters, q, restarts = sc
    prob = Problem(X, y, Family(fam), offset=off)
    start = np.zeros(d + 1)
    if fam in ("gamma", "poisson"):
        start[-1] = np.log(np.mean(y / np.exp(o)))
    theta = newton(prob, start)
    rep = report(prob, theta)
    # independent standard errors: expected information with phi as summary.glm estimates it
    A = np.hstack([X, np.ones((n, 1))])
    m = A @ theta + o
    if fam == "logistic":
        p = 1 / (1 + np.exp(-m))
        W, phi, kind = p * (1 - p), 1.0, "z"
    elif fam == "least-squares":
        W, kind = np.ones(n), "t"
        phi = np.sum((y - m) ** 2) / (n - d - 1)
    elif fam == "poisson":
        W, phi, kind = np.exp(m), 1.0, "z"
    else:
        mu = np.exp(m)
        W, kind = np.ones(n), "t"
        phi = np.sum(((y - mu) / mu) ** 2) / (n - d - 1)  # Pearson chi^2 / df (summary.glm)
    cov = phi * np.linalg.inv(A.T @ (A * W[:, None]))
    se = np.sqrt(np.diag(cov))
    stat = theta / se
    pval = 2 * (stats.norm.sf(np.abs(stat)) if kind == "z" else stats.t.sf(np.abs(stat), n - d - 1))
    qq = stats.norm.ppf(0.975) if kind == "z" else stats.t.ppf(0.975, n - d - 1)
    names = ["x%d" % (j + 1) for j in range(d)] + ["intercept"]
    diffs = {"estimate": np.max(np.abs(coef[:, 0] - theta) / np.abs(theta)),
             "std_error": np.max(np.abs(coef[:, 1] - se) / se),
             "statistic": np.max(np.abs(coef[:, 2] - stat) / np.abs(stat)),
             "p_value": np.max(np.abs(coef[:, 3] - pval) / np.maximum(pval, 1e-300)),
             "dispersion": abs(disp - phi) / phi}
    body = {
        "fixture": "issue 19: summary(glm) statistics, %s" % name,
        "command": "/usr/bin/python3 scripts/references/issue19_statistics.py",
        "data": ddoc,
        "objective": fam,
        "offset": "log_holders column" if off is not None else "none",
        "r_call": "summary(glm(y ~ X, start = <the previous fit's coefficients>, family = %s%s, control = glm.control(epsilon = 1e-14, maxit = 500)))"
                  % ({"binomial": "binomial()", "gaussian": "gaussian()", "poisson": "poisson()",
                      "gamma": "Gamma(link = 'log')"}[rfam], ", offset = log_holders" if off is not None else ""),
        "rows": "coefficients x1..x%d (feature indices of the data as fed to fullbatch), then the intercept" % d,
        "names": names,
        "estimate": coef[:, 0], "std_error": coef[:, 1],
        "std_error_note": ("glm restarted %d times from its own optimum (start = coef(fit)) until the coefficients "
                           "stop moving, so that summary.glm's IRLS weights are evaluated at the optimum; a single "
                           "glm call's standard errors differ from these by up to %s relative (its weights come "
                           "from the iterate before the last)"
                           % (restarts, f17(np.max(np.abs(r["se_first"][0][:, 0] - coef[:, 1]) / coef[:, 1])))),
        "statistic_kind": kind + " value", "statistic": coef[:, 2], "p_value": coef[:, 3],
        "ci95_wald": {"rule": "estimate -/+ %s * std_error" % ("qnorm(0.975)" if kind == "z"
                                                               else "qt(0.975, df_residual)"),
                      "quantile": q, "lower": ci_w[:, 0], "upper": ci_w[:, 1]},
        "ci95_confint_default": {"rule": "confint.default: estimate -/+ qnorm(0.975) * std_error",
                                 "lower": ci_d[:, 0], "upper": ci_d[:, 1]},
        "dispersion": disp,
        "dispersion_rule": {"logistic": "fixed 1", "poisson": "fixed 1",
                            "least-squares": "RSS / df_residual",
                            "gamma": "Pearson chi^2 / df_residual = sum(((y - mu)/mu)^2) / df_residual"}[fam],
        "df_residual": int(dfr), "deviance": dev, "null_deviance": nulldev, "aic": aic, "glm_iterations": int(iters),
        "contract_objective_at_optimum": rep["objective"],
        "contract_objective": {"logistic": "(1/n) sum log(1 + exp(-y m))", "least-squares": "(1/2n) sum (m - y)^2",
                               "poisson": "(1/n) sum (exp(m) - y m), m includes the offset",
                               "gamma": "(1/n) sum (y exp(-m) + m)"}[fam] + ", unpenalized",
        "own_newton_gradient_norm": rep["kkt_norm"],
        "own_newton_estimate": theta,
        "independent_recomputation_max_relative_difference": diffs,
        "versions": ENV,
    }
    if fam == "gamma":
        H = prob.hessian(theta) * n  # observed information of the log-likelihood / phi
        se_obs = np.sqrt(np.diag(phi * np.linalg.inv(H)))
        body["observed_information_std_error"] = se_obs
        body["observed_information_note"] = ("phi * diag(inv(Hessian of sum_i (y_i exp(-m_i) + m_i)))^(1/2): what a "
                                             "Newton/Hessian-based implementation gets; NOT what summary.glm reports "
                                             "(Fisher scoring's expected information, weight 1 per row)")
    print(name, "objective", f17(rep["objective"]), "grad", rep["kkt_norm"],
          {k: float(v) for k, v in diffs.items()})
    write_json(os.path.join(FOLDER, "summary-%s.json" % name), body)
