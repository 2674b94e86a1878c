"""Issue 17: scikit-learn's one-hot encoding with rare levels grouped, and the least-squares fit on it.

Table (issue17/categorical-train.csv, written once from numpy's default_rng(1717)): y, x (a number), color (text:
blue, green, red frequent; teal 2 rows, violet 1 row, below --min-category-count 3). scikit-learn's
OneHotEncoder(min_frequency=3, handle_unknown='infrequent_if_exist') gives the levels (sorted) and one
"infrequent" column, which fullbatch calls color=(other); LinearRegression(fit_intercept=False) on [x, one-hot]
gives the unpenalized least-squares optimum (unique: the levels without an intercept are not collinear).
issue17/categorical-test.csv has colors never seen in training (purple) and rare ones, which the encoder maps to
the infrequent column; the predictions on it are in the fixture.
Run: /usr/bin/python3 scripts/references/issue17_categorical.py
"""
import os

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import OneHotEncoder

from refcommon import OUT, f17, versions, write_json

FOLDER = os.path.join(OUT, "issue17")
rng = np.random.default_rng(1717)

n = 60
colors = np.array(["blue"] * 19 + ["green"] * 17 + ["red"] * 21 + ["teal"] * 2 + ["violet"])
rng.shuffle(colors)
effect = {"blue": 1.5, "green": -0.5, "red": 3.0, "teal": 0.7, "violet": 0.7}
x = np.round(rng.normal(0, 1, n), 3)
y = np.round(np.array([effect[c] for c in colors]) + 2.0 * x + rng.normal(0, 0.3, n), 3)


def write_table(path, ys, xs, cs):
    with open(path, "w") as f:
        f.write("y,x,color\n")
        for a, b, c in zip(ys, xs, cs):
            f.write(f"{a:.3f},{b:.3f},{c}\n")
    print("wrote", os.path.relpath(path, OUT))


os.makedirs(FOLDER, exist_ok=True)
write_table(os.path.join(FOLDER, "categorical-train.csv"), y, x, colors)

enc = OneHotEncoder(min_frequency=3, handle_unknown="infrequent_if_exist", sparse_output=False)
onehot = enc.fit_transform(colors.reshape(-1, 1))
names = ["x"] + ["color=" + (c if not c.startswith("infrequent") else "(other)")
                 for c in enc.get_feature_names_out(["c"])
                 for c in [c[2:]]]
fit = LinearRegression(fit_intercept=False).fit(np.column_stack([x, onehot]), y)

test_colors = np.array(["red", "purple", "teal", "blue", "violet", "green", "orange"])
test_x = np.array([0.5, -1.0, 0.25, 0.0, 1.0, -0.75, 2.0])
test_y = np.zeros(len(test_x))
write_table(os.path.join(FOLDER, "categorical-test.csv"), test_y, test_x, test_colors)
pred = fit.predict(np.column_stack([test_x, enc.transform(test_colors.reshape(-1, 1))]))

write_json(os.path.join(FOLDER, "categorical.json"), {
    "description": "issue 17: scikit-learn OneHotEncoder(min_frequency=3) + LinearRegression(fit_intercept=False) on categorical-train.csv; predictions on categorical-test.csv (unseen colors)",
    "command": "/usr/bin/python3 scripts/references/issue17_categorical.py",
    "versions": versions(),
    "minCategoryCount": 3,
    "featureNames": names,
    "coefficients": [float(f17(v)) for v in fit.coef_],
    "levelRows": {c: int((colors == c).sum()) for c in ["blue", "green", "red"]},
    "otherRows": int(np.isin(colors, ["teal", "violet"]).sum()),
    "testPredictions": [float(f17(v)) for v in pred],
})
