"""Issue 18: where glmnet's default sequence ends early (the rule is spelled out in the fixture), for
nlambda 50 and 100, alpha 1 and 0.5, on a9a (logistic) and cpusmall (gaussian).
Run: /usr/bin/python3 scripts/references/issue18_early_end.py"""
import os

import numpy as np

from refcommon import OUT, a9a, cpusmall, r_versions, run_r, versions, write_json

runs = []
for name, (X, y), family in [("a9a", a9a(), "binomial"), ("cpusmall", cpusmall(), "gaussian")]:
    yy = (y > 0).astype(float) if family == "binomial" else y
    for alpha in [1.0, 0.5]:
        for nlam in [50, 100]:
            p = run_r("glmnet_default.R", {"X": X, "y": yy}, ["path"], [family, repr(alpha), str(nlam)])["path"][0]
            runs.append({"data": name, "family": family, "alpha": alpha, "nlambda": nlam,
                         "lambdas_returned": len(p), "lambda": p[:, 0], "dev_ratio": p[:, 1],
                         "nonzeros": p[:, 2].astype(int)})
            print(name, alpha, nlam, "returned", len(p))
write_json(os.path.join(OUT, "issue18", "glmnet-early-end.json"), {
    "fixture": "issue 18: glmnet's default lambda sequences and where its early end stops them",
    "command": "/usr/bin/python3 scripts/references/issue18_early_end.py",
    "call": "glmnet(X, y, family, alpha, nlambda, standardize = FALSE, thresh = 1e-14, maxit = 1e7); "
            "lambda.min.ratio default 1e-4 (n > p)",
    "rule": "glmnet.control() fdev = 1e-5, devmax = 0.999, mnlam = 5; checked only from the 5th lambda on and only "
            "for glmnet's own sequence (never for a user-supplied one). Binomial (lognet): stop when dev.ratio(k) - "
            "dev.ratio(k-1) < fdev (an absolute change) or dev.ratio(k) > devmax. Gaussian (elnet): stop when "
            "dev.ratio(k) - dev.ratio(k-1) < fdev * dev.ratio(k) (relative) or dev.ratio(k) > devmax. The lambda "
            "that triggered the stop is the last one returned. The first lambda is glmnet's lambda_max (R's "
            "fix.lam: exp(2 log lambda_2 - log lambda_3)). Gaussian alpha < 1: glmnet's own (alpha, lambda), see "
            "the path fixtures' glmnet_note",
    "runs": runs,
    "versions": dict(versions(), **r_versions()),
})
