"""Issue 18: adds cv.glmnet's values (cv_glmnet entries) to an existing cv-<data>-<objective>-alpha<a>.json whose
own-CV part is already there, on the same lambda sequence and folds (for runs where issue18_path_cv.py's glmnet step
was skipped). Binomial only (a9a). Run: /usr/bin/python3 scripts/references/issue18_cv_glmnet.py 1   (alpha)"""
import json
import os
import sys

import numpy as np

import elastic
from refcommon import OUT, a9a, write_json

alpha = float(sys.argv[1])
path = os.path.join(OUT, "issue18", "cv-a9a-logistic-alpha%g.json" % alpha)
with open(path) as f:
    body = json.load(f)
X, y = a9a()
lambdas = np.array(body["lambdas"])
fid = np.loadtxt(os.path.join(OUT, "issue18", "folds-a9a-k5-seed42.csv"), skiprows=1).astype(int)
g = elastic.glmnet(X, y, "binomial", alpha, np.ones(123), lambdas, foldid=fid)
for m, entry in body["metrics"].items():
    gm = {"deviance_glmnet_clamped": "deviance"}.get(m, m)
    if m == "deviance" or gm not in g["cv"]:
        continue
    cg = g["cv"][gm]
    cvm = np.array(entry["cvm"])
    entry["cv_glmnet"] = {
        "call": "cv.glmnet(X, y, <as the path>, foldid = fold + 1, type.measure = '%s')" % gm,
        "cvm": cg["cvm"], "cvsd": cg["cvsd"], "lambda_min": cg["lambda_min"], "lambda_1se": cg["lambda_1se"],
        "max_abs_cvm_difference": float(np.max(np.abs(cg["cvm"] - cvm))),
        "same_choice": bool(np.isclose(cg["lambda_min"], entry["lambda_min"], rtol=1e-12)
                            and np.isclose(cg["lambda_1se"], entry["lambda_1se"], rtol=1e-12))}
    print(m, entry["cv_glmnet"]["same_choice"], entry["cv_glmnet"]["max_abs_cvm_difference"])
write_json(path, body)
