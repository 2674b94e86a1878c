"""Issue 18: fold assignment, regularization paths and K-fold cross-validation references.

Folds (the issue's spec, exact unsigned 64-bit arithmetic):
    mix(z): z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^= z >>> 31
    key = mix(mix(seed) ^ 0x666F6C64);  fold(i) = mix(key + (i + 1) * 0x9E3779B97F4A7C15) mod K  (i 0-based row)
Paths: 50 lambdas lambda_k = lambda_max * ratio^(k/49), k = 0..49, ratio 1e-4 (glmnet's default for n > p),
lambda_max in closed form for the contract objective; alpha 1 and 0.5; logistic on a9a, least squares on
cpusmall. Each lambda's solution is the contract objective's exact optimum (active-set Newton polish of glmnet's
coefficients, KKT at rounding level); glmnet (standardize = FALSE, thresh = 1e-14) is recorded beside it.
CV: own fold fits (same polish), glmnet's cvm/cvsd/lambda.min/lambda.1se formulas; and cv.glmnet with
foldid = fold + 1 on the same sequence.
Run: /usr/bin/python3 scripts/references/issue18_path_cv.py [a9a|cpusmall|a9a:0.5 ...]
"""
import math
import os
import sys

import numpy as np

import elastic
from refcommon import OUT, a9a, cpusmall, f17, r_versions, versions, write_csv, write_json

FOLDER = os.path.join(OUT, "issue18")
M64 = (1 << 64) - 1
ENV = dict(versions(), **r_versions())


def mix(z):
    z &= M64
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    z ^= z >> 31
    return z


def fold_key(seed):
    return mix(mix(seed) ^ 0x666F6C64)


def fold(i, k, seed=42):
    return mix((fold_key(seed) + (i + 1) * 0x9E3779B97F4A7C15) & M64) % k


def folds(n, k, seed=42):
    key = fold_key(seed)
    return np.array([mix((key + (i + 1) * 0x9E3779B97F4A7C15) & M64) % k for i in range(n)])


# ------------------------------------------------------------------------------------------- fold fixtures
vectors = {"description": "test vectors of the fold hash (unsigned 64-bit values as decimal strings)",
           "command": "/usr/bin/python3 scripts/references/issue18_path_cv.py", "cases": []}
for seed, k in [(42, 5), (42, 10), (0, 5), (7, 3), (2 ** 63 + 5, 5)]:
    key = fold_key(seed)
    vectors["cases"].append({"seed": str(seed), "K": k, "mix_seed": str(mix(seed)), "key": str(key),
                             "mix_of_row_0": str(mix((key + 0x9E3779B97F4A7C15) & M64)),
                             "folds_rows_0_to_19": [int(fold(i, k, seed)) for i in range(20)],
                             "fold_counts_first_10000_rows": np.bincount(folds(10000, k, seed), minlength=k).tolist()})
write_json(os.path.join(FOLDER, "fold-hash-vectors.json"), vectors)

Xa, ya = a9a()
Xc, yc = cpusmall()
DATASETS = {
    "a9a": (Xa, ya, "binomial", "../shared/data/a9a.libsvm, all 32561 rows, 123 features, labels -1/+1 "
                                "(glmnet: y = 1 for +1, 0 for -1)"),
    "cpusmall": (Xc, yc, "gaussian", "../shared/data/cpusmall_scale.libsvm, all 8192 rows, 12 features"),
}
FOLDS = {}
for name, (X, y, _, _) in DATASETS.items():
    FOLDS[name] = folds(len(y), 5, 42)
    write_csv(os.path.join(FOLDER, "folds-%s-k5-seed42.csv" % name), ["fold"], [FOLDS[name]])
    print(name, "fold sizes", np.bincount(FOLDS[name]))


# ------------------------------------------------------------------------------------------- CV metrics
def auc(y, score):
    """Mann-Whitney AUC with ties counted 1/2 (survival::concordance, sklearn's roc_auc_score)."""
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    pos = (y[order] > 0).astype(float)
    # average ranks over ties
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    n1 = pos.sum()
    n0 = len(s) - n1
    return (ranks[pos > 0].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def fold_metrics(family, y, margin):
    if family == "gaussian":
        return {"mse": np.mean((y - margin) ** 2)}
    p = 1 / (1 + np.exp(-margin))
    y01 = (y > 0).astype(float)
    pc = np.clip(p, 1e-5, 1 - 1e-5)
    return {
        "deviance": 2 * math.fsum(np.logaddexp(0, -y * margin)) / len(y),
        "deviance_glmnet_clamped": -2 * math.fsum(y01 * np.log(pc) + (1 - y01) * np.log(1 - pc)) / len(y),
        "class": np.mean(np.where(y01 > 0, p <= 0.5, p > 0.5)),
        "auc": auc(y, margin),
    }


def cv_summary(lambdas, raw, sizes, bigger_is_better):
    """glmnet's cvstats/getOptcv: cvm = fold-size weighted mean of fold means, cvsd = sqrt(weighted mean of squared
    deviations / (K - 1)); lambda.min = largest lambda attaining min cvm; lambda.1se = largest lambda with
    cvm <= cvm(lambda.min) + cvsd(lambda.min)  (AUC: on -cvm)."""
    raw = np.asarray(raw)  # K x nlam
    w = np.asarray(sizes, float)
    cvm = (w[:, None] * raw).sum(0) / w.sum()
    cvsd = np.sqrt((w[:, None] * (raw - cvm) ** 2).sum(0) / w.sum() / (len(w) - 1))
    c = -cvm if bigger_is_better else cvm
    idmin = c <= c.min()
    lmin = max(lambdas[idmin])
    i = list(lambdas).index(lmin)
    lse = max(lambdas[c <= c[i] + cvsd[i]])
    return cvm, cvsd, lmin, lse


# ------------------------------------------------------------------------------------------- paths and CV
pf_all = None
# optional arguments: the data sets (and alphas) to (re)compute, e.g. `cpusmall` or `a9a:0.5`
ONLY = sys.argv[1:] or list(DATASETS)
for name, (X, y, family, ddoc) in DATASETS.items():
    if not any(o.split(":")[0] == name for o in ONLY):
        continue
    n, d = X.shape
    pf = np.ones(d)
    sd_y = math.sqrt(np.mean((y - y.mean()) ** 2)) if family == "gaussian" else None
    for alpha in [1.0, 0.5]:
        if not any(o == name or o == "%s:%g" % (name, alpha) for o in ONLY):
            continue
        tag = "%s-%s-alpha%g" % (name, "logistic" if family == "binomial" else "least-squares", alpha)
        lmax, null_theta = elastic.lambda_max(X, y, family, alpha, pf)
        lambdas = np.array([lmax * 1e-4 ** (k / 49) for k in range(50)])
        default = elastic.glmnet(X, y, family, alpha, pf)
        if family == "gaussian" and alpha < 1:
            # glmnet divides y by its (1/n) standard deviation s: at (alpha, lambda) it minimises L1 lambda*alpha
            # and L2 lambda*(1-alpha)/s. The contract's (alpha, lambda) is glmnet's (alpha', lambda') with
            # alpha' = alpha / (alpha + (1-alpha) s), lambda' = lambda (alpha + (1-alpha) s).
            c = alpha + (1 - alpha) * sd_y
            g = elastic.glmnet(X, y, family, alpha / c, pf, lambdas * c, foldid=FOLDS[name])
            g_direct = elastic.glmnet(X, y, family, alpha, pf, lambdas, foldid=FOLDS[name])
        else:
            g = g_direct = elastic.glmnet(X, y, family, alpha, pf, lambdas, foldid=FOLDS[name])
        starts = [np.append(g["beta"][k], g["a0"][k]) for k in range(50)]
        thetas = elastic.solve_path(X, y, family, alpha, pf, lambdas, starts)
        path = []
        for k, lam in enumerate(lambdas):
            prob = elastic.problem(X, y, family, lam, alpha, pf)
            t = thetas[k]
            gnorm, gmax, _ = prob.kkt(t)
            entry = {"k": k, "lambda": lam, "objective_value": prob.value(t), "intercept": t[-1],
                     "coefficients": t[:-1], "nonzeros": int(np.count_nonzero(t[:-1])),
                     "kkt_norm": gnorm, "dev_ratio": elastic.deviance_ratio(X, y, family, t, null_theta),
                     "glmnet_dev_ratio": g["dev_ratio"][k],
                     "glmnet_max_abs_coefficient_difference": float(np.max(np.abs(starts[k] - t))),
                     "glmnet_objective_value": prob.value(starts[k])}
            if alpha == 1:
                rng = elastic.coefficient_ranges(X, t, pf, lam * alpha)
                if rng is not None:
                    lo, hi = rng
                    nonunique = [j for j in range(d + 1) if hi[j] - lo[j] > 1e-9 * max(1, abs(t[j]))]
                    entry["nonunique"] = [{"index": ("intercept" if j == d else j + 1), "min": lo[j], "max": hi[j]}
                                          for j in nonunique]
            path.append(entry)
        worst = max(e["kkt_norm"] for e in path)
        print(tag, "lambda_max", lmax, "glmnet", default["lambda"][0], "worst kkt", worst,
              "glmnet max diff", max(e["glmnet_max_abs_coefficient_difference"] for e in path),
              "nonunique lambdas", sum(1 for e in path if e.get("nonunique")), file=sys.stderr)
        body = {
            "fixture": "issue 18: regularization path, %s, alpha %g" % (name, alpha),
            "command": "/usr/bin/python3 scripts/references/issue18_path_cv.py",
            "data": ddoc,
            "objective": "logistic" if family == "binomial" else "least-squares",
            "contract_objective": "(1/n) sum_i loss_i + lambda ((1-alpha)/2 ||w||^2 + alpha ||w||_1), intercept free",
            "alpha": alpha, "path_ratio": 1e-4, "n_lambdas": 50,
            "lambda_rule": "lambda_k = lambda_max * 1e-4^(k/49), k = 0..49 (double pow); the values used are listed",
            "lambda_max": lmax,
            "lambda_max_rule": "max_j |g_j| / alpha, g = exact gradient of the mean loss at the intercept-only model"
                               " (intercept = %s)" % ("logit(n_+/n)" if family == "binomial" else "mean(y)"),
            "null_model_intercept": null_theta[-1],
            "glmnet_lambda_max": default["lambda"][0],
            "glmnet_default_sequence": {
                "call": "glmnet(X, y, family='%s', alpha=%g, standardize=FALSE, thresh=1e-14) with nlambda=100, "
                        "lambda.min.ratio=1e-4 (defaults)" % (family, alpha),
                "lambdas_returned": len(default["lambda"]),
                "last_lambda": default["lambda"][-1], "last_dev_ratio": default["dev_ratio"][-1],
                "early_end_rule": "see glmnet-early-end.json"},
            "glmnet_call": ("glmnet(X, y, family='%s', alpha=%r, lambda=<%s>, standardize=FALSE, thresh=1e-14, "
                            "maxit=1e7)" % (family, alpha / c, "lambdas * %r" % c)) if (family == "gaussian" and alpha < 1)
            else "glmnet(X, y, family='%s', alpha=%g, lambda=lambdas, standardize=FALSE, thresh=1e-14, maxit=1e7)"
                 % (family, alpha),
            "glmnet_note": ("glmnet's gaussian family standardizes y by s = %s (1/n standard deviation), so its "
                            "(alpha, lambda) is the contract's L1 lambda*alpha, L2 lambda*(1-alpha)/s; the glmnet "
                            "columns here come from the equivalent call above" % f17(sd_y))
            if (family == "gaussian" and alpha < 1) else "glmnet's objective equals the contract's here",
            "accuracy": {"worst_kkt_norm": worst},
            "path": path,
            "versions": ENV,
        }
        if family == "gaussian" and alpha < 1:
            body["glmnet_direct_max_abs_coefficient_difference"] = float(max(
                np.max(np.abs(np.append(g_direct["beta"][k], g_direct["a0"][k]) - thetas[k])) for k in range(50)))
        write_json(os.path.join(FOLDER, "path-%s.json" % tag), body)

        # ----------------------------------------------------------------------- cross-validation
        fid = FOLDS[name]
        raw = {}
        sizes = []
        fold_worst = 0.0
        for kf in range(5):
            tr, te = fid != kf, fid == kf
            sizes.append(int(te.sum()))
            fts = elastic.solve_path(X[tr], y[tr], family, alpha, pf, lambdas)
            for k, t in enumerate(fts):
                prob = elastic.problem(X[tr], y[tr], family, lambdas[k], alpha, pf)
                fold_worst = max(fold_worst, prob.kkt(t)[0])
                for m, v in fold_metrics(family, y[te], X[te] @ t[:-1] + t[-1]).items():
                    raw.setdefault(m, np.zeros((5, 50)))[kf, k] = v
        cvb = {"fixture": "issue 18: %d-fold cross-validation, %s, alpha %g" % (5, name, alpha),
               "command": "/usr/bin/python3 scripts/references/issue18_path_cv.py",
               "data": ddoc, "folds": "folds-%s-k5-seed42.csv (0-based fold of each row; glmnet foldid = fold + 1)"
                                       % name,
               "fold_sizes": sizes, "alpha": alpha, "lambdas": lambdas,
               "fold_fits": "exact contract optimum on the rows of the other 4 folds at each lambda (own active-set "
                            "Newton, warm started along the path); worst KKT norm %s" % f17(fold_worst),
               "cv_rules": "per fold: mean of the row metric over its held-out rows (AUC: the fold's AUC); "
                           "cvm = sum_k n_k m_k / n; cvsd = sqrt(sum_k n_k (m_k - cvm)^2 / n / (K-1)); "
                           "lambda_min = largest lambda with minimal cvm (AUC: maximal); lambda_1se = largest lambda "
                           "with cvm <= cvm(lambda_min) + cvsd(lambda_min) (AUC: >= cvm - cvsd)",
               "metrics": {}}
        for m, r in raw.items():
            cvm, cvsd, lmin, lse = cv_summary(lambdas, r, sizes, m == "auc")
            entry = {"cvm": cvm, "cvsd": cvsd, "lambda_min": lmin, "lambda_1se": lse,
                     "index_min": int(list(lambdas).index(lmin)), "index_1se": int(list(lambdas).index(lse)),
                     "fold_values": r}
            gm = {"deviance_glmnet_clamped": "deviance"}.get(m, m)
            if m == "deviance":
                entry["definition"] = "2 * mean log loss (unclamped; what the contract's objective gives)"
            if m == "deviance_glmnet_clamped":
                entry["definition"] = ("cv.glmnet's binomial deviance: probabilities clamped to [1e-5, 1 - 1e-5] "
                                       "before the log")
            if m == "class":
                entry["definition"] = "misclassification rate, predicted positive iff probability > 0.5"
            if m == "auc":
                entry["definition"] = "per-fold ROC AUC, ties counted 1/2"
            if m == "mse":
                entry["definition"] = "mean squared error (cv.glmnet's 'mse' = 'deviance' for gaussian)"
            if gm in g_direct["cv"] and m != "deviance":
                calls = [("cv_glmnet", g, "")]
                if family == "gaussian" and alpha < 1:
                    calls = [("cv_glmnet", g, " with the equivalent (alpha', lambda') of the path [approximate: each "
                                              "fold's fit rescales by its own s, so the fold problems differ slightly "
                                              "from the contract's]"),
                             ("cv_glmnet_direct", g_direct, " with glmnet's own (alpha, lambda) [NOT the contract's "
                                                            "objective for gaussian alpha < 1]")]
                for key, src, note in calls:
                    cg = src["cv"][gm]
                    entry[key] = {
                        "call": "cv.glmnet(X, y, <as the path>, foldid = fold + 1, type.measure = '%s')%s" % (gm, note),
                        "cvm": cg["cvm"], "cvsd": cg["cvsd"], "lambda_min": cg["lambda_min"],
                        "lambda_1se": cg["lambda_1se"],
                        "max_abs_cvm_difference": float(np.max(np.abs(cg["cvm"] - cvm))),
                        "same_choice": bool(np.isclose(cg["lambda_min"], lmin * (c if src is g and family == "gaussian" and alpha < 1 else 1), rtol=1e-12)
                                            and np.isclose(cg["lambda_1se"], lse * (c if src is g and family == "gaussian" and alpha < 1 else 1), rtol=1e-12))}
                    if src is g and family == "gaussian" and alpha < 1:
                        entry[key]["lambda_scale"] = ("its lambdas are the path's times c = %s; lambda_min/1se here "
                                                      "are glmnet's" % f17(c))
            cvb["metrics"][m] = entry
            print(tag, m, "min", entry["index_min"], "1se", entry["index_1se"],
                  ("glmnet same" if entry.get("cv_glmnet", {}).get("same_choice") else "glmnet differs/absent"),
                  entry.get("cv_glmnet", {}).get("max_abs_cvm_difference"), file=sys.stderr)
        cvb["versions"] = ENV
        write_json(os.path.join(FOLDER, "cv-%s.json" % tag), cvb)
