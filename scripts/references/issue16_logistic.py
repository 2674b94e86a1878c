"""Issue 16 a) and b): instance-weighted and class-weighted L2 logistic regression on a9a.

Solution: damped Newton on the contract objective (refcommon.newton), polished until the exact gradient norm is
at rounding level; cross-checked against scikit-learn's LogisticRegression with C = 1 / (lambda * sum of weights).
Run: /usr/bin/python3 scripts/references/issue16_logistic.py
"""
import os

import numpy as np
from sklearn.linear_model import LogisticRegression

from refcommon import OUT, Family, Problem, a9a, instance_weight, newton, report, versions, write_json

X, y = a9a()
n = len(y)
idx = np.arange(n)
n_pos, n_neg = int((y > 0).sum()), int((y < 0).sum())
# scikit-learn's 'balanced': n / (K n_k), counts unweighted, one double division each
balanced = {-1: n / (2 * n_neg), 1: n / (2 * n_pos)}
explicit = {-1: 1.0, 1: 5.0}
inst = instance_weight(idx)

W_FORMULA = "weight_i = 0.5 * (i mod 5) for 0-based row (line) index i: 0, 0.5, 1, 1.5, 2 repeating"
CASES = [
    ("weighted-l2-1e-3", inst, None, 1e-3, W_FORMULA),
    ("weighted-l2-1e-4", inst, None, 1e-4, W_FORMULA),
    ("balanced-l2-1e-3", np.ones(n), "balanced", 1e-3, "none (all 1)"),
    ("class-1-5-l2-1e-3", np.ones(n), explicit, 1e-3, "none (all 1)"),
    ("class-1-5-times-weights-l2-1e-3", inst, explicit, 1e-3, W_FORMULA + ", multiplied by the class weight"),
    ("balanced-times-weights-l2-1e-3", inst, "balanced", 1e-3, W_FORMULA + ", multiplied by the class weight"),
]

for name, sw, cw, lam, wdoc in CASES:
    cwmap = balanced if cw == "balanced" else cw
    v = sw * (np.where(y > 0, cwmap[1], cwmap[-1]) if cwmap else 1.0)
    prob = Problem(X, y, Family("logistic"), v=v, l2=lam)
    theta = newton(prob, np.zeros(124))
    rep = report(prob, theta)
    # independent cross-check: scikit-learn minimises C * sum_i v_i loss_i + ||w||^2 / 2 (same argmin)
    C = 1.0 / (lam * prob.W)
    sk = LogisticRegression(C=C, tol=1e-12, max_iter=100000, solver="newton-cg",
                            class_weight=("balanced" if cw == "balanced" else cw))
    sk.fit(X, y, sample_weight=sw)
    sk_theta = np.append(sk.coef_[0], sk.intercept_[0])
    sk_rep = report(prob, sk_theta)
    print(name, rep, "sklearn", sk_rep, "max|diff|", np.max(np.abs(sk_theta - theta)))
    write_json(os.path.join(OUT, "issue16", "logistic-a9a-%s.json" % name), {
        "fixture": "issue 16: weighted / class-weighted L2 logistic regression on a9a",
        "command": "/usr/bin/python3 scripts/references/issue16_logistic.py",
        "data": "../shared/data/a9a.libsvm, all 32561 rows, 123 features (1-based LIBSVM indices), labels -1/+1",
        "objective": "logistic",
        "instance_weights": wdoc,
        "class_weights": ("balanced: w_k = n / (K n_k) with unweighted counts n=%d, n_-1=%d, n_+1=%d, K=2"
                          % (n, n_neg, n_pos)) if cw == "balanced" else (
            "label -1 -> 1, label +1 -> 5" if cw else "none"),
        "class_weight_values": {"-1": cwmap[-1], "+1": cwmap[1]} if cwmap else None,
        "combined_weight": "v_i = instance weight * class weight of y_i",
        "contract_objective": "sum_i v_i log(1 + exp(-y_i (x_i.w + b))) / sum_i v_i + reg_l2/2 ||w||^2",
        "reg_l2": lam, "reg_l1": 0.0, "intercept_fitted": True,
        "sum_weights": prob.W,
        "objective_value": rep["objective"],
        "intercept": theta[-1],
        "coefficients": theta[:-1],
        "gradient_norm": rep["kkt_norm"],
        "solver": "own damped Newton on the contract objective, exact (fsum) gradient check",
        "cross_check_sklearn": {
            "call": "LogisticRegression(C=%r, solver='newton-cg', tol=1e-12, max_iter=100000, class_weight=%r)"
                    ".fit(X, y, sample_weight=instance weights)" % (C, "balanced" if cw == "balanced" else cw),
            "C": C,
            "objective_value": sk_rep["objective"],
            "gradient_norm": sk_rep["kkt_norm"],
            "max_abs_coefficient_difference": float(np.max(np.abs(sk_theta - theta))),
        },
        "versions": versions(),
    })
