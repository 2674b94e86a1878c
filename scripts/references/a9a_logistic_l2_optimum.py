#!/usr/bin/env python3
"""Independent optimum of L2-regularized logistic regression on a9a, for pass-count measurements.

Objective (the contract's): (1/n) sum log(1 + exp(-y_i (x_i.w + b))) + (lam/2) ||w||^2, b unpenalized, labels
-1/+1, 123 features. Minimized with numpy by Newton's method on the exact Hessian (dense, 124 x 124, solved with
numpy.linalg.solve), from zero, with a backtracking line search, until the Newton decrement falls below 1e-22;
the value is then evaluated in extended (numpy.longdouble) precision.

Usage: python3 scripts/references/a9a_logistic_l2_optimum.py ../shared/data/a9a.libsvm 1e-6
"""
import sys

import numpy as np


def load(path, d=123):
    rows, labels = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            labels.append(1.0 if float(parts[0]) > 0 else -1.0)
            x = np.zeros(d + 1)
            for token in parts[1:]:
                i, v = token.split(":")
                x[int(i) - 1] = float(v)
            x[d] = 1.0
            rows.append(x)
    return np.array(rows), np.array(labels)


def objective(X, y, lam, w):
    m = y * (X @ w)
    return np.mean(np.logaddexp(0.0, -m)) + 0.5 * lam * np.dot(w[:-1], w[:-1])


def main():
    X, y = load(sys.argv[1])
    lam = float(sys.argv[2])
    n, p = X.shape
    w = np.zeros(p)
    ridge = np.full(p, lam)
    ridge[-1] = 0.0
    for _ in range(200):
        m = y * (X @ w)
        s = 1.0 / (1.0 + np.exp(m))           # sigmoid(-m)
        g = -(X.T @ (y * s)) / n + ridge * w
        c = s * (1.0 - s)
        H = (X.T * c) @ X / n + np.diag(ridge)
        step = -np.linalg.solve(H, g)
        decrement = -np.dot(g, step)
        f = objective(X, y, lam, w)
        if decrement < 1e-22:  # far below what rounding lets the gradient resolve
            break
        t = 1.0
        while objective(X, y, lam, w + t * step) > f - 1e-4 * t * decrement and t > 1e-12:
            t *= 0.5
        if t <= 1e-12:
            break
        w = w + t * step
    m = (y * (X @ w)).astype(np.longdouble)
    loss = np.mean(np.log1p(np.exp(-np.abs(m))) + np.maximum(-m, 0))
    value = loss + np.longdouble(0.5 * lam) * np.sum(w[:-1].astype(np.longdouble) ** 2)
    print(f"lam={lam} objective={float(value)!r} gradnorm={np.linalg.norm(g)!r}")


if __name__ == "__main__":
    main()
