"""Issue 16 g): per-feature penalty factors (glmnet's penalty.factor), 0 = unpenalized.

    F = (1/n) sum_i loss_i + lambda sum_j pf_j ((1 - alpha)/2 w_j^2 + alpha |w_j|),   intercept free

The factors are chosen to sum to the number of features, so glmnet's internal rescaling (pf * nvars / sum(pf))
leaves them unchanged. Logistic on a9a and least squares on cpusmall, alpha 1 and 0.5, three lambdas each.
Solutions: glmnet (standardize = FALSE, thresh = 1e-14) polished to the exact optimum of F by active-set Newton;
for gaussian alpha < 1 glmnet is called with the equivalent (alpha', lambda') (see issue18_path_cv.py).
Run: /usr/bin/python3 scripts/references/issue16_penalty_factors.py
"""
import math
import os

import numpy as np

import elastic
from refcommon import OUT, a9a, cpusmall, f17, r_versions, versions, write_csv, write_json

FOLDER = os.path.join(OUT, "issue16")
ENV = dict(versions(), **r_versions())

Xa, ya = a9a()
Xc, yc = cpusmall()
pf_a = np.ones(123)
pf_a[[6 - 1, 40 - 1, 72 - 1]] = 0.0
pf_a[[1 - 1, 83 - 1, 123 - 1]] = 2.0
pf_c = np.ones(12)
pf_c[[1 - 1, 12 - 1]] = 0.0
pf_c[[4 - 1, 9 - 1]] = 2.0
assert pf_a.sum() == 123 and pf_c.sum() == 12
for name, pf in [("a9a", pf_a), ("cpusmall", pf_c)]:
    write_csv(os.path.join(FOLDER, "penalty-factors-%s.csv" % name), ["feature", "factor"],
              [np.arange(1, len(pf) + 1), pf])

CASES = [("a9a", Xa, ya, "binomial", pf_a, [1e-2, 1e-3, 1e-4],
          "../shared/data/a9a.libsvm, all 32561 rows, 123 features, labels -1/+1"),
         ("cpusmall", Xc, yc, "gaussian", pf_c, [1.0, 0.1, 0.01],
          "../shared/data/cpusmall_scale.libsvm, all 8192 rows, 12 features")]

for name, X, y, family, pf, lams, ddoc in CASES:
    d = X.shape[1]
    sd_y = math.sqrt(np.mean((y - y.mean()) ** 2))
    for alpha in [1.0, 0.5]:
        lmax, null_theta = elastic.lambda_max(X, y, family, alpha, pf)
        c = alpha + (1 - alpha) * sd_y if family == "gaussian" else 1.0
        g = elastic.glmnet(X, y, family, alpha / c, pf, np.array(lams) * c)
        starts = [np.append(g["beta"][k], g["a0"][k]) for k in range(len(lams))]
        thetas = elastic.solve_path(X, y, family, alpha, pf, lams, starts)
        sols = []
        for k, lam in enumerate(lams):
            prob = elastic.problem(X, y, family, lam, alpha, pf)
            t = thetas[k]
            gnorm, _, _ = prob.kkt(t)
            e = {"lambda": lam, "reg_l1_equivalent": lam * alpha, "reg_l2_equivalent": lam * (1 - alpha),
                 "objective_value": prob.value(t), "intercept": t[-1], "coefficients": t[:-1],
                 "nonzeros": int(np.count_nonzero(t[:-1])), "kkt_norm": gnorm,
                 "glmnet_objective_value": prob.value(starts[k]),
                 "glmnet_max_abs_coefficient_difference": float(np.max(np.abs(starts[k] - t)))}
            if alpha == 1:
                rng = elastic.coefficient_ranges(X, t, pf, lam)
                if rng is not None:
                    lo, hi = rng
                    e["nonunique"] = [{"index": ("intercept" if j == d else j + 1), "min": lo[j], "max": hi[j]}
                                      for j in range(d + 1) if hi[j] - lo[j] > 1e-9 * max(1, abs(t[j]))]
            sols.append(e)
            print(name, alpha, lam, "obj", f17(e["objective_value"]), "kkt", gnorm, "glmnet diff",
                  e["glmnet_max_abs_coefficient_difference"], "nonunique", len(e.get("nonunique", [])))
        write_json(os.path.join(FOLDER, "penalty-factors-%s-%s-alpha%g.json"
                                % (name, "logistic" if family == "binomial" else "least-squares", alpha)), {
            "fixture": "issue 16: per-feature penalty factors, %s, alpha %g" % (name, alpha),
            "command": "/usr/bin/python3 scripts/references/issue16_penalty_factors.py",
            "data": ddoc,
            "objective": "logistic" if family == "binomial" else "least-squares",
            "penalty_factors": "penalty-factors-%s.csv (feature = 1-based index, factor); 0 = unpenalized; they sum "
                               "to the number of features, so glmnet's rescaling is the identity" % name,
            "contract_objective": "(1/n) sum_i loss_i + lambda sum_j pf_j ((1-alpha)/2 w_j^2 + alpha |w_j|), "
                                  "intercept free",
            "alpha": alpha,
            "lambda_max": lmax,
            "lambda_max_rule": "max over pf_j > 0 of |g_j| / (alpha pf_j), g the exact gradient at the model with "
                               "only the intercept and the pf = 0 features fitted",
            "glmnet_call": "glmnet(X, y, family='%s', alpha=%r, lambda=%r, penalty.factor=pf, standardize=FALSE, "
                           "thresh=1e-14, maxit=1e7)" % (family, alpha / c, [l * c for l in lams]),
            "glmnet_note": ("glmnet's gaussian family divides y by its 1/n standard deviation s = %s, so the contract's "
                            "(alpha, lambda) is glmnet's (alpha / c, lambda c), c = alpha + (1 - alpha) s"
                            % f17(sd_y)) if family == "gaussian" and alpha < 1 else
            "glmnet's objective equals the contract's here",
            "solutions": sols,
            "versions": ENV,
        })
