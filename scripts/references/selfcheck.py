"""The solver in refcommon reproduces the independently computed optima of ../shared/data/README.md.
Run: /usr/bin/python3 scripts/references/selfcheck.py"""
from refcommon import Family, Problem, a9a, cpusmall, newton, report

for name, (X, y), fam, ref in [("a9a logistic", a9a(), "logistic", 0.3327133075461916),
                               ("cpusmall least squares", cpusmall(), "least-squares", 52.007233579591514)]:
    prob = Problem(X, y, Family(fam), l2=1e-3)
    t = newton(prob, __import__("numpy").zeros(X.shape[1] + 1))
    r = report(prob, t)
    print(name, "%.17g" % r["objective"], "README %.17g" % ref, "rel diff %.3g" % (abs(r["objective"] - ref) / ref),
          "gradient norm %.3g" % r["kkt_norm"])
