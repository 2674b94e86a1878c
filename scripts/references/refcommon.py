"""Shared pieces of the reference scripts: data readers, the contract's objectives, an exact-gradient check and a
polishing Newton solver, and a writer that prints every number with 17 significant digits.

Independent of fullbatch: nothing here reads fullbatch's code or output. The objective is the one in
../shared/contract.md ("Objective"):

    F(w, b) = sum_i v_i loss(y_i, m_i) / sum_i v_i + l2/2 sum_j pf2_j w_j^2 + l1 sum_j pf1_j |w_j|,
    m_i = x_i.w + b + o_i,

with v_i the instance weight (times the class weight), o_i the offset, b never penalized. Losses (per row,
"up to terms constant in (w, b)", exactly as the contract writes them):
    least-squares  (m - y)^2 / 2
    logistic       log(1 + exp(-y m)), y in {-1, +1}
    poisson        exp(m) - y m
    gamma          y exp(-m) + m
    tweedie(p)     -y exp((1-p) m)/(1-p) + exp((2-p) m)/(2-p)
"""
import json
import math
import os
import platform
import subprocess
import sys

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "src", "test", "resources", "references")


# ----------------------------------------------------------------------------------------------- data

def read_libsvm(path, d=None):
    """Dense X (n x d), y. Indices are 1-based; Python's float() rounds correctly, as Java's parseDouble does."""
    ys, rows = [], []
    width = 0
    with open(path) as f:
        for line in f:
            tok = line.split()
            if not tok:
                continue
            ys.append(float(tok[0]))
            r = []
            for t in tok[1:]:
                j, v = t.split(":")
                j = int(j)
                width = max(width, j)
                r.append((j - 1, float(v)))
            rows.append(r)
    d = d or width
    X = np.zeros((len(rows), d))
    for i, r in enumerate(rows):
        for j, v in r:
            X[i, j] = v
    return X, np.array(ys)


def a9a():
    return read_libsvm(os.path.join(DATA, "a9a.libsvm"), 123)


def cpusmall():
    return read_libsvm(os.path.join(DATA, "cpusmall_scale.libsvm"), 12)


def instance_weight(i):
    """The instance-weight formula every weighted fixture uses: 0, 0.5, 1, 1.5, 2 repeating (0-based row i)."""
    return 0.5 * (np.asarray(i) % 5)


# ----------------------------------------------------------------------------------------------- number output

def f17(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("non-finite number in a fixture: %r" % x)
    s = "%.17g" % x
    assert float(s) == x
    return s


def _json(o, indent, level):
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    if isinstance(o, bool) or o is None:
        return json.dumps(o)
    if isinstance(o, (int, np.integer)):
        return str(int(o))
    if isinstance(o, (float, np.floating)):
        return f17(o)
    if isinstance(o, str):
        return json.dumps(o)
    if isinstance(o, np.ndarray):
        o = o.tolist()
    if isinstance(o, (list, tuple)):
        if all(isinstance(e, (int, float, np.integer, np.floating)) and not isinstance(e, bool) for e in o):
            return "[" + ", ".join(_json(e, indent, level + 1) for e in o) + "]"
        return "[\n" + ",\n".join(pad + _json(e, indent, level + 1) for e in o) + "\n" + end + "]"
    if isinstance(o, dict):
        return "{\n" + ",\n".join(pad + json.dumps(str(k)) + ": " + _json(v, indent, level + 1)
                                  for k, v in o.items()) + "\n" + end + "}"
    raise TypeError(type(o))


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(_json(obj, 2, 0) + "\n")
    print("wrote", os.path.relpath(path, ROOT))


def write_csv(path, header, columns):
    """columns: list of sequences; floats with 17 significant digits, ints as ints."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*columns):
            f.write(",".join(str(int(v)) if isinstance(v, (int, np.integer)) else f17(v) for v in row) + "\n")
    print("wrote", os.path.relpath(path, ROOT))


def versions():
    import scipy
    v = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__}
    try:
        import sklearn
        v["scikit-learn"] = sklearn.__version__
    except ImportError:
        pass
    try:
        import statsmodels
        v["statsmodels"] = statsmodels.__version__
    except ImportError:
        pass
    return v


def r_versions():
    out = subprocess.run(["Rscript", "-e", 'cat(R.version.string, "|", as.character(packageVersion("glmnet")), "|",'
                          ' as.character(packageVersion("MASS")))'], capture_output=True, text=True).stdout
    r, g, m = [s.strip() for s in out.split("|")]
    return {"R": r, "glmnet": g, "MASS": m}


# ----------------------------------------------------------------------------------------------- objectives

class Family:
    """Per-row loss and its first two derivatives in the margin m."""

    def __init__(self, name, power=None):
        self.name, self.p = name, power

    def loss(self, y, m):
        n, p = self.name, self.p
        if n == "least-squares":
            return (m - y) ** 2 / 2
        if n == "logistic":
            return np.logaddexp(0.0, -y * m)
        if n == "poisson":
            return np.exp(m) - y * m
        if n == "gamma":
            return y * np.exp(-m) + m
        if n == "tweedie":
            return -y * np.exp((1 - p) * m) / (1 - p) + np.exp((2 - p) * m) / (2 - p)
        raise ValueError(n)

    def d1(self, y, m):
        n, p = self.name, self.p
        if n == "least-squares":
            return m - y
        if n == "logistic":
            return -y / (1 + np.exp(y * m))
        if n == "poisson":
            return np.exp(m) - y
        if n == "gamma":
            return 1 - y * np.exp(-m)
        if n == "tweedie":
            return -y * np.exp((1 - p) * m) + np.exp((2 - p) * m)
        raise ValueError(n)

    def d2(self, y, m):
        n, p = self.name, self.p
        if n == "least-squares":
            return np.ones_like(m)
        if n == "logistic":
            s = 1 / (1 + np.exp(-m))
            return s * (1 - s)
        if n == "poisson":
            return np.exp(m)
        if n == "gamma":
            return y * np.exp(-m)
        if n == "tweedie":
            return -(1 - p) * y * np.exp((1 - p) * m) + (2 - p) * np.exp((2 - p) * m)
        raise ValueError(n)


class Problem:
    """F(theta) for theta = (w_1..w_d, b); see the module doc. pf defaults to all ones."""

    def __init__(self, X, y, family, v=None, offset=None, intercept=True, l2=0.0, l1=0.0, pf=None):
        self.X, self.y, self.fam = X, y, family
        n, d = X.shape
        self.n, self.d = n, d
        self.v = np.ones(n) if v is None else np.asarray(v, float)
        self.W = math.fsum(self.v)
        self.o = np.zeros(n) if offset is None else np.asarray(offset, float)
        self.intercept = intercept
        self.l2, self.l1 = l2, l1
        self.pf = np.ones(d) if pf is None else np.asarray(pf, float)
        self.A = np.hstack([X, np.ones((n, 1))]) if intercept else X
        # sparse data (a9a: 11% nonzero) is multiplied in compressed form: same sums, far fewer operations
        self.S = None
        if np.count_nonzero(self.A) < 0.25 * self.A.size:
            import scipy.sparse
            self.S = scipy.sparse.csr_matrix(self.A)
            self.C = self.S.tocsc()

    def margins(self, theta):
        return (self.A if self.S is None else self.S) @ theta + self.o

    def value(self, theta):
        m = self.margins(theta)
        w = theta[:self.d]
        data = math.fsum(self.v * self.fam.loss(self.y, m)) / self.W
        return data + self.l2 / 2 * math.fsum(self.pf * w * w) + self.l1 * math.fsum(self.pf * np.abs(w))

    def smooth_grad(self, theta, exact=False):
        """Gradient of the data term plus the L2 term (the L1 term is handled by the caller)."""
        m = self.margins(theta)
        r = self.v * self.fam.d1(self.y, m) / self.W
        if exact and self.S is not None:
            C = self.C
            g = np.array([math.fsum(C.data[C.indptr[j]:C.indptr[j + 1]] * r[C.indices[C.indptr[j]:C.indptr[j + 1]]])
                          for j in range(C.shape[1])])
        elif exact:
            g = np.array([math.fsum(self.A[:, j] * r) for j in range(self.A.shape[1])])
        else:
            g = (self.A if self.S is None else self.S).T @ r
        g[:self.d] += self.l2 * self.pf * theta[:self.d]
        return g

    def hessian(self, theta):
        m = self.margins(theta)
        h = self.v * self.fam.d2(self.y, m) / self.W
        if self.S is None:
            H = self.A.T @ (self.A * h[:, None])
        else:
            H = np.asarray((self.S.T @ self.S.multiply(h[:, None])).todense())
        H[np.arange(self.d), np.arange(self.d)] += self.l2 * self.pf
        return H

    def kkt(self, theta, lower=None, upper=None):
        """Largest violation of the optimality conditions: the gradient norm when smooth and unconstrained; with
        L1 the distance of 0 from the subdifferential; with bounds (no L1) the projected gradient."""
        g = self.smooth_grad(theta, exact=True)
        w = theta[:self.d]
        viol = g.copy()
        for j in range(self.d):
            gj, t = g[j], self.l1 * self.pf[j]
            if t > 0:
                viol[j] = gj + t * np.sign(w[j]) if w[j] != 0 else max(0.0, abs(gj) - t)
            if lower is not None and w[j] <= lower[j]:
                assert t == 0
                viol[j] = min(gj, 0.0)
            if upper is not None and w[j] >= upper[j]:
                assert t == 0
                viol[j] = max(gj, 0.0)
        viol = np.abs(viol)
        return float(np.linalg.norm(viol)), float(np.max(viol)), g


def newton(prob, theta, free=None, sign=None, tol=1e-13, max_iter=200, verbose=False):
    """Damped Newton on the smooth problem over the coordinates in `free` (others held where they are), with the
    L1 term linearised as l1 * pf_j * sign_j * w_j on free penalised coordinates (an active-set step)."""
    theta = theta.copy()
    k = len(theta)
    free = np.ones(k, bool) if free is None else free
    lin = np.zeros(k)
    if sign is not None and prob.l1 > 0:
        lin[:prob.d] = prob.l1 * prob.pf * sign

    def val(t):
        m = prob.margins(t)
        w = t[:prob.d]
        return (math.fsum(prob.v * prob.fam.loss(prob.y, m)) / prob.W + prob.l2 / 2 * math.fsum(prob.pf * w * w)
                + math.fsum(lin * t))

    f = val(theta)
    last = None
    for it in range(max_iter):
        g = prob.smooth_grad(theta) + lin
        gn = np.linalg.norm(g[free])
        if verbose:
            print("  newton", it, f, gn)
        if gn < tol:
            break
        H = prob.hessian(theta)[np.ix_(free, free)]
        # symmetric eigen-solve, dropping directions of (numerically) zero curvature: a lasso with collinear
        # columns has a singular Hessian on its active set, and the minimum-norm step is the one to take there
        ev, V = np.linalg.eigh(H)
        keep = ev > 1e-14 * ev.max()
        step = V[:, keep] @ ((V[:, keep].T @ -g[free]) / ev[keep])
        t = 1.0
        slope = g[free] @ step
        if abs(slope) < 1e-13 * max(1.0, abs(f)):
            # rounding regime: the objective cannot see the change; take the full step if the gradient shrinks
            cand = theta.copy()
            cand[free] += step
            gc = np.linalg.norm((prob.smooth_grad(cand) + lin)[free])
            if gc < gn:
                theta, f, last = cand, val(cand), gn
                continue
            break
        while True:
            cand = theta.copy()
            cand[free] += t * step
            fc = val(cand)
            if fc <= f + 1e-4 * t * slope or t < 1e-12:
                break
            t /= 2
        if t < 1e-12:
            break
        theta, f, last = cand, fc, gn
    return theta


def kkt_polish_elastic(prob, theta, max_rounds=200, verbose=False):
    """Exact elastic-net/lasso solution by active-set Newton started from a reference solution (e.g. glmnet's).
    Keeps the sign pattern of the start, drops coordinates that cross zero, adds coordinates that violate
    |g_j| <= l1 pf_j, until the KKT conditions hold to rounding."""
    theta = theta.copy()
    d = prob.d
    for rnd in range(max_rounds):
        w = theta[:d]
        active = (w != 0) | (prob.pf == 0) | (prob.l1 == 0)
        sign = np.sign(w)
        free = np.append(active, True) if prob.intercept else active.copy()
        new = newton(prob, theta, free=free, sign=sign)
        nw = new[:d]
        crossed = active & (prob.pf > 0) & (prob.l1 > 0) & (np.sign(nw) != sign) & (sign != 0)
        if crossed.any():
            # step only as far as the first crossing, zero it and redo
            with np.errstate(divide="ignore", invalid="ignore"):
                frac = np.where(crossed, w / (w - nw), 1.0)
            tmin = frac.min()
            theta = theta + tmin * (new - theta)
            theta[:d][crossed & (frac <= tmin + 1e-15)] = 0.0
            continue
        theta = new
        g = prob.smooth_grad(theta)
        w = theta[:d]
        viol = (w == 0) & (np.abs(g[:d]) > prob.l1 * prob.pf * (1 + 1e-12)) & (prob.pf > 0)
        if not viol.any():
            return theta
        # enter every violator with the sign that decreases the objective and a tiny value; Newton sizes them
        theta[:d][viol] = -np.sign(g[:d][viol]) * 1e-12
        if verbose:
            print("  enter", np.where(viol)[0])
    raise RuntimeError("active set did not settle")


def solve_smooth(prob, theta0=None, verbose=False):
    theta0 = np.zeros(prob.A.shape[1]) if theta0 is None else theta0
    return newton(prob, theta0, verbose=verbose)


def report(prob, theta, lower=None, upper=None):
    gnorm, gmax, _ = prob.kkt(theta, lower, upper)
    return {"objective": prob.value(theta), "kkt_norm": gnorm, "kkt_max": gmax}


# ----------------------------------------------------------------------------------------------- R bridge

def run_r(script, inputs, outputs, extra_args=()):
    """Runs scripts/references/SCRIPT with Rscript, giving it the matrices in `inputs` (name -> 2-D array, or
    (array, column names)) as hex-double CSV files, and returns the matrices it wrote (name -> (array, names))."""
    import csv
    import tempfile
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        for name, m in inputs.items():
            cols = None
            if isinstance(m, tuple):
                m, cols = m
            m = np.asarray(m, float)
            if m.ndim == 1:
                m = m[:, None]
            cols = cols or ["V%d" % (j + 1) for j in range(m.shape[1])]
            with open(os.path.join(tmp, name + ".csv"), "w") as f:
                f.write(",".join('"%s"' % c for c in cols) + "\n")
                for row in m:
                    f.write(",".join(float(v).hex() for v in row) + "\n")
        res = subprocess.run(["Rscript", os.path.join(here, script), tmp] + list(extra_args),
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(res.stdout + res.stderr)
        sys.stderr.write(res.stdout + res.stderr)
        out = {}
        for name in outputs:
            with open(os.path.join(tmp, name + ".csv")) as f:
                rows = list(csv.reader(f))
            out[name] = (np.array([[float.fromhex(v) if v not in ("NA", "NaN") else np.nan for v in r]
                                   for r in rows[1:]]), rows[0])
        return out
