"""Issue 16 c) d) e): log-link families with and without offsets and L2.

c) Poisson on MASS's Insurance (Claims ~ District + Group + Age, dummy contrasts, offset log(Holders)):
   R glm (unpenalized), glmnet (family poisson, alpha 0) and own Newton (L2);
d) Gamma with log link on cpusmall rows with label > 0: R glm (unpenalized), glmnet(family = Gamma(log), alpha 0)
   and own Newton (L2 1e-3);
e) Tweedie p = 1.5 and 1.2 with log link on cpusmall (all rows, 283 zero labels) and on Insurance (with the
   offset): statsmodels GLM (unpenalized) and own Newton (unpenalized and L2 1e-3).
Every fixture's numbers are the own Newton solution of the contract objective (exact gradient at rounding level);
the other implementations are recorded as cross-checks with their distance from it.
Run: /usr/bin/python3 scripts/references/issue16_glm.py
"""
import os

import numpy as np
import statsmodels.api as sm

from refcommon import (DATA, OUT, Family, Problem, cpusmall, f17, newton, r_versions, report, run_r, versions,
                       write_csv, write_json)

HERE = "scripts/references/issue16_glm.py"
FOLDER = os.path.join(OUT, "issue16")

# ------------------------------------------------------------------------------------------- Insurance data
ins = run_r("insurance.R", {}, ["raw", "design"])
raw, _ = ins["raw"]
design, dnames = ins["design"]
assert dnames[0] == "(Intercept)" and np.all(design[:, 0] == 1)
GROUP = ["<1l", "1-1.5l", "1.5-2l", ">2l"]
AGE = ["<25", "25-29", "30-35", ">35"]
FEATURES = ["district_2", "district_3", "district_4", "group_1-1.5l", "group_1.5-2l", "group_gt2l",
            "age_25-29", "age_30-35", "age_gt35"]
assert dnames[1:] == ["District2", "District3", "District4", "Group1-1.5l", "Group1.5-2l", "Group>2l",
                      "Age25-29", "Age30-35", "Age>35"], dnames
Xi = design[:, 1:]
claims = raw[:, 4]
holders = raw[:, 3]
log_holders = np.log(holders)
os.makedirs(FOLDER, exist_ok=True)
with open(os.path.join(FOLDER, "insurance-raw.csv"), "w") as f:
    f.write("District,Group,Age,Holders,Claims\n")
    for r in raw:
        f.write("%d,%s,%s,%d,%d\n" % (r[0], GROUP[int(r[1]) - 1], AGE[int(r[2]) - 1], r[3], r[4]))
write_csv(os.path.join(FOLDER, "insurance-design.csv"), ["claims"] + FEATURES + ["log_holders"],
          [claims] + [Xi[:, j] for j in range(9)] + [log_holders])
INS_DATA = ("src/test/resources/references/issue16/insurance-design.csv: header; column 0 claims (label), "
            "columns 1-9 the features " + ",".join(FEATURES) + " (treatment dummies of MASS::Insurance's District, "
            "Group, Age as unordered factors; baselines District 1, Group <1l, Age <25), column 10 log_holders = "
            "log(Holders) (the offset, NOT a feature); 64 rows in MASS's order (insurance-raw.csv)")

# ------------------------------------------------------------------------------------------- cpusmall data
Xc, yc = cpusmall()
pos = yc > 0
CPU_DATA = "../shared/data/cpusmall_scale.libsvm, all 8192 rows, 12 features, labels 0..99 (283 rows are 0)"
CPU_POS = ("../shared/data/cpusmall_scale.libsvm keeping only the lines whose label is > 0 (7909 of 8192 rows, "
           "in file order), 12 features")

ENV = dict(versions(), **r_versions())


def fixture(name, meta, prob, theta, cross, lower=None, upper=None):
    rep = report(prob, theta, lower, upper)
    body = {"fixture": "issue 16: " + meta.pop("what"), "command": "/usr/bin/python3 " + HERE}
    body.update(meta)
    body.update({
        "reg_l2": prob.l2, "reg_l1": prob.l1, "intercept_fitted": True,
        "objective_value": rep["objective"], "intercept": theta[-1], "coefficients": theta[:-1],
        "gradient_norm": rep["kkt_norm"],
        "hessian_condition_number": float(np.linalg.cond(prob.hessian(theta))),
        "solver": "own damped Newton on the contract objective; gradient_norm is the exact (fsum) gradient 2-norm",
    })
    for k, (t, how) in cross.items():
        r = report(prob, t, lower, upper)
        body["cross_check_" + k] = {"call": how, "objective_value": r["objective"], "gradient_norm": r["kkt_norm"],
                                    "max_abs_coefficient_difference": float(np.max(np.abs(t - theta))),
                                    "max_relative_coefficient_difference":
                                        float(np.max(np.abs(t - theta)) / np.max(np.abs(theta)))}
    body["versions"] = ENV
    print(name, "objective", f17(rep["objective"]), "grad", rep["kkt_norm"],
          {k: float(np.max(np.abs(t - theta))) for k, (t, _) in cross.items()})
    write_json(os.path.join(FOLDER, name + ".json"), body)


def r_fits(family, X, y, off, lams):
    out = run_r("issue16_glm.R", {"X": X, "y": y, "offset": off, "lambdas": np.array(lams, float)},
                ["glm", "glm_info", "glmnet"], [family])
    return out["glm"][0][0], out["glmnet"][0]


# ------------------------------------------------------------------------------------------- c) Poisson
LAMS_P = [1e-3, 1e-1]
glm_t, glmnet_t = r_fits("poisson", Xi, claims, log_holders, LAMS_P)
POIS = {"what": "Poisson with offset on MASS Insurance", "data": INS_DATA, "objective": "poisson",
        "offset": "log_holders column (log(Holders))",
        "contract_objective": "(1/64) sum_i [exp(m_i) - y_i m_i] + reg_l2/2 ||w||^2, m_i = x_i.w + b + log(Holders_i)"}
for lam in [0.0] + LAMS_P:
    prob = Problem(Xi, claims, Family("poisson"), offset=log_holders, l2=lam)
    theta = newton(prob, np.zeros(10))
    if lam == 0:
        cross = {"R_glm": (glm_t, "glm(Claims ~ X, family = poisson, offset = log(Holders), "
                                  "control = glm.control(epsilon = 1e-14, maxit = 500))")}
    else:
        cross = {"R_glmnet": (glmnet_t[LAMS_P.index(lam)],
                              "glmnet(X, Claims, family = 'poisson', offset = log(Holders), alpha = 0, lambda = %r, "
                              "standardize = FALSE, thresh = 1e-14, maxit = 1e7)" % lam)}
    fixture("poisson-insurance-offset-l2-%s" % ("0" if lam == 0 else "%g" % lam), dict(POIS), prob, theta, cross)

# ------------------------------------------------------------------------------------------- d) Gamma
glm_t, glmnet_t = r_fits("gamma", Xc[pos], yc[pos], np.zeros(pos.sum()), [1e-3])
GAM = {"what": "Gamma with log link on cpusmall (label > 0)", "data": CPU_POS, "objective": "gamma",
       "offset": "none",
       "contract_objective": "(1/7909) sum_i [y_i exp(-m_i) + m_i] + reg_l2/2 ||w||^2, m_i = x_i.w + b "
                             "(the Gamma deviance / 2 up to a constant; the dispersion does not move the optimum)"}
for lam in [0.0, 1e-3]:
    prob = Problem(Xc[pos], yc[pos], Family("gamma"), l2=lam)
    theta = newton(prob, np.append(np.zeros(12), np.log(yc[pos].mean())))
    cross = {"R_glm": (glm_t, "glm(y ~ X, family = Gamma(link = 'log'), control = glm.control(epsilon = 1e-14, "
                              "maxit = 500))")} if lam == 0 else {
        "R_glmnet": (glmnet_t[0], "glmnet(X, y, family = Gamma(link = 'log'), alpha = 0, lambda = 1e-3, "
                                  "standardize = FALSE, thresh = 1e-14, maxit = 1e7)")}
    fixture("gamma-cpusmall-positive-l2-%s" % ("0" if lam == 0 else "%g" % lam), dict(GAM), prob, theta, cross)

# ------------------------------------------------------------------------------------------- e) Tweedie
for p in [1.5, 1.2]:
    for data_name, X, y, off, ddoc in [("cpusmall", Xc, yc, None, CPU_DATA),
                                        ("insurance-offset", Xi, claims, log_holders, INS_DATA)]:
        sm_fit = sm.GLM(y, sm.add_constant(X, prepend=False),
                        family=sm.families.Tweedie(var_power=p, link=sm.families.links.log()),
                        offset=off).fit(method="newton", tol=1e-14, maxiter=200)
        sm_t = np.asarray(sm_fit.params)
        for lam in [0.0, 1e-3]:
            prob = Problem(X, y, Family("tweedie", p), offset=off, l2=lam)
            theta = newton(prob, np.append(np.zeros(X.shape[1]), np.log(np.mean(y / np.exp(prob.o)))))
            cross = {"statsmodels": (sm_t, "sm.GLM(y, [X, 1], family=Tweedie(var_power=%g, link=log())%s)"
                                           ".fit(method='newton', tol=1e-14, maxiter=200) (the default IRLS "
                                           "does not converge tightly on cpusmall: gradient 0.047 after 1000 iterations)" % (p, ", offset=log_holders" if off is not None else ""))} \
                if lam == 0 else {}
            fixture("tweedie-%g-%s-l2-%s" % (p, data_name, "0" if lam == 0 else "%g" % lam), {
                "what": "Tweedie power %g with log link on %s" % (p, data_name), "data": ddoc,
                "objective": "tweedie", "tweedie_power": p,
                "offset": "log_holders column (log(Holders))" if off is not None else "none",
                "contract_objective": "(1/n) sum_i [-y_i exp((1-p) m_i)/(1-p) + exp((2-p) m_i)/(2-p)] + reg_l2/2 ||w||^2"
                                      ", m_i = x_i.w + b%s" % (" + log(Holders_i)" if off is not None else "")},
                prob, theta, cross)
