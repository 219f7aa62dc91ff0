# Inputs and the NumPy reference of lstm-cell.mlir (gate order i, f, g, o).
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(3)
x = rng.standard_normal((2, 7)).astype(np.float32)
h = rng.standard_normal((2, 5)).astype(np.float32)
c = rng.standard_normal((2, 5)).astype(np.float32)
w = (rng.standard_normal((20, 12)) * 0.5).astype(np.float32)
b = rng.standard_normal(20).astype(np.float32)
for name, value in dict(x=x, h=h, c=c, w=w, b=b).items():
    np.save("%s/%s.npy" % (out, name), value)

sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))
z = np.concatenate([x, h], axis=1).astype(np.float64) @ w.T.astype(np.float64) + b
i, f, g, o = np.split(z, 4, axis=1)
c_next = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
h_next = sigmoid(o) * np.tanh(c_next)
np.save(out + "/h_ref.npy", h_next.astype(np.float32))
np.save(out + "/c_ref.npy", c_next.astype(np.float32))
