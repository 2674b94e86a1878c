"""Issue 17: scikit-learn's values of the metrics people expect, on fixed (label, score) tables written here.

Tables (issue17/*.csv, 17 significant digits, written once from numpy's default_rng(17); the files, not the
generator, are the test input): binary.csv (label 0/1, score in (0,1) rounded to 2 decimals so there are many ties,
some exactly 0.5; weight), multiclass.csv (label 0..2, p0, p1, p2 rows summing to 1 up to rounding, a few rows with
a tie for the largest probability; weight), regression.csv (label, prediction, weight). Weights w_i = 0.5 + 0.5 *
(i mod 4) for 0-based row i (also in the files). Every metric is computed unweighted and with sample_weight.
Run: /usr/bin/python3 scripts/references/issue17_metrics.py
"""
import os

import numpy as np
from sklearn import metrics as M

from refcommon import OUT, versions, write_csv, write_json

FOLDER = os.path.join(OUT, "issue17")
rng = np.random.default_rng(17)

# ------------------------------------------------------------------------------------------- tables
n = 2000
yb = (rng.random(n) < 0.3).astype(int)
sb = np.round(1 / (1 + np.exp(-(1.6 * (2 * yb - 1) + rng.normal(0, 1.5, n)))), 2)
sb = np.clip(sb, 0.01, 0.99)
sb[rng.choice(n, 25, replace=False)] = 0.5
wb = 0.5 + 0.5 * (np.arange(n) % 4)
write_csv(os.path.join(FOLDER, "binary.csv"), ["label", "score", "weight"], [yb, sb, wb])

nm = 600
ym = rng.integers(0, 3, nm)
logits = rng.normal(0, 1.2, (nm, 3))
logits[np.arange(nm), ym] += 1.0
pm = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
for i in rng.choice(nm, 8, replace=False):  # ties for the largest probability: the lower class index wins
    a, b = sorted(rng.choice(3, 2, replace=False))
    c = 3 - a - b
    pm[i, a] = pm[i, b] = 0.375
    pm[i, c] = 0.25
wm = 0.5 + 0.5 * (np.arange(nm) % 4)
write_csv(os.path.join(FOLDER, "multiclass.csv"), ["label", "p0", "p1", "p2", "weight"],
          [ym, pm[:, 0], pm[:, 1], pm[:, 2], wm])

nr = 1000
yr = rng.normal(50, 20, nr)
pr = yr + rng.normal(3, 10, nr)
wr = 0.5 + 0.5 * (np.arange(nr) % 4)
write_csv(os.path.join(FOLDER, "regression.csv"), ["label", "prediction", "weight"], [yr, pr, wr])

# re-read what was written, so the metrics are of exactly the committed numbers
def load(name):
    return np.loadtxt(os.path.join(FOLDER, name), delimiter=",", skiprows=1)


B, C, R = load("binary.csv"), load("multiclass.csv"), load("regression.csv")
yb, sb, wb = B[:, 0].astype(int), B[:, 1], B[:, 2]
ym, pm, wm = C[:, 0].astype(int), C[:, 1:4], C[:, 4]
yr, pr, wr = R[:, 0], R[:, 1], R[:, 2]


def at_threshold(y, s, w, t, strict=False):
    pred = (s > t) if strict else (s >= t)
    pred = pred.astype(int)
    p, r, f, _ = M.precision_recall_fscore_support(y, pred, average="binary", sample_weight=w, zero_division=0)
    return {"threshold": t, "rule": "positive iff score %s threshold" % (">" if strict else ">="),
            "precision": p, "recall": r, "f1": f,
            "accuracy": M.accuracy_score(y, pred, sample_weight=w),
            "confusion_matrix": M.confusion_matrix(y, pred, labels=[0, 1], sample_weight=w).astype(float).tolist()}


def binary(w):
    prec, rec, thr = M.precision_recall_curve(yb, sb, sample_weight=w)
    # thresholds ascend; prec/rec have one more point (recall 0, precision 1) without a threshold
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(prec[:-1] + rec[:-1] > 0, 2 * prec[:-1] * rec[:-1] / (prec[:-1] + rec[:-1]), 0.0)
    k = int(np.argmax(f1))
    best = at_threshold(yb, sb, w, float(thr[k]))
    assert abs(best["f1"] - f1[k]) < 1e-12
    return {
        "at_0.5": at_threshold(yb, sb, w, 0.5),
        "at_0.5_strict": at_threshold(yb, sb, w, 0.5, strict=True),
        "best_f1": dict(best, selection=(
            "the score value t among sklearn.metrics.precision_recall_curve's thresholds (the distinct scores, "
            "ascending, up to the first one reaching full recall) that maximizes F1 = 2PR/(P+R); among equal F1 the "
            "smallest such t (numpy argmax's first); positive iff score >= t")),
        "average_precision": M.average_precision_score(yb, sb, sample_weight=w),
        "pr_auc_trapezoid": M.auc(rec, prec),
        "roc_auc": M.roc_auc_score(yb, sb, sample_weight=w),
        "log_loss": M.log_loss(yb, sb, sample_weight=w),
        "n_thresholds": len(thr),
    }


def multiclass(w):
    pred = np.argmax(pm, axis=1)  # first maximum: ties go to the lower class index
    p, r, f, s = M.precision_recall_fscore_support(ym, pred, labels=[0, 1, 2], sample_weight=w, zero_division=0)
    return {
        "prediction_rule": "argmax of p0..p2, ties to the lower class index",
        "per_class": {"precision": p, "recall": r, "f1": f, "support": s.astype(float)},
        "macro_f1": M.f1_score(ym, pred, average="macro", sample_weight=w),
        "weighted_f1": M.f1_score(ym, pred, average="weighted", sample_weight=w),
        "micro_f1": M.f1_score(ym, pred, average="micro", sample_weight=w),
        "macro_precision": M.precision_score(ym, pred, average="macro", sample_weight=w),
        "macro_recall": M.recall_score(ym, pred, average="macro", sample_weight=w),
        "accuracy": M.accuracy_score(ym, pred, sample_weight=w),
        "confusion_matrix": M.confusion_matrix(ym, pred, labels=[0, 1, 2], sample_weight=w).astype(float).tolist(),
        "log_loss": M.log_loss(ym, pm, labels=[0, 1, 2], sample_weight=w),
    }


def regression(w):
    return {
        "mae": M.mean_absolute_error(yr, pr, sample_weight=w),
        "mse": M.mean_squared_error(yr, pr, sample_weight=w),
        "rmse": M.mean_squared_error(yr, pr, sample_weight=w, squared=False),
        "r2": M.r2_score(yr, pr, sample_weight=w),
        "explained_variance": M.explained_variance_score(yr, pr, sample_weight=w),
    }


write_json(os.path.join(FOLDER, "metrics.json"), {
    "fixture": "issue 17: scikit-learn metric values on the committed tables binary.csv, multiclass.csv, "
               "regression.csv",
    "command": "/usr/bin/python3 scripts/references/issue17_metrics.py",
    "conventions": {
        "confusion_matrix": "rows = true class, columns = predicted class, classes ascending (sklearn); "
                            "weighted: sums of weights",
        "f1_zero_division": "0 where precision or recall is 0/0 (does not occur in these tables)",
        "area_under_pr_curve": "average_precision (sklearn.metrics.average_precision_score: sum_n (R_n - R_n-1) "
                               "P_n, a step function, no interpolation) is what 'area under the precision-recall "
                               "curve' should mean: it is scikit-learn's recommended PR summary, and linear "
                               "(trapezoidal) interpolation between PR points is optimistic (Davis & Goadrich 2006). "
                               "pr_auc_trapezoid = sklearn.metrics.auc(recall, precision) is given for comparison "
                               "(Spark MLlib's areaUnderPR is a trapezoid too)",
        "roc_auc": "trapezoid over the ROC curve = Mann-Whitney with ties counted 1/2",
        "log_loss": "mean of -log p(true class) (weighted mean with weights); multiclass rows renormalized to "
                    "sum 1 by sklearn",
        "rmse": "sqrt of the (weighted) mean squared error",
        "r2": "1 - sum w (y - p)^2 / sum w (y - mean_w(y))^2",
        "explained_variance": "1 - var_w(y - p) / var_w(y)",
    },
    "binary": {"unweighted": binary(None), "weighted": binary(wb)},
    "multiclass": {"unweighted": multiclass(None), "weighted": multiclass(wm)},
    "regression": {"unweighted": regression(None), "weighted": regression(wr)},
    "versions": versions(),
})
