# Writes an LSTM step whose weights are constants (lstm.mlir) and its inputs (.npy), for lstm.test.
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(5)
inputs, hidden = 20, 12
w = (rng.standard_normal((4 * hidden, inputs + hidden)) * 0.3).astype(np.float32)
b = (rng.standard_normal(4 * hidden) * 0.1).astype(np.float32)
for name, shape in (("x", (1, inputs)), ("h", (1, hidden)), ("c", (1, hidden))):
    np.save("%s/%s.npy" % (out, name), rng.standard_normal(shape).astype(np.float32))


def dense(array):
    return "dense<%s> : tensor<%sxf32>" % (
        np.array2string(array, separator=", ", threshold=1 << 30, floatmode="unique").replace("\n", ""),
        "x".join(map(str, array.shape)))


state = "tensor<1x%dxf32>" % hidden
with open(out + "/lstm.mlir", "w") as f:
    f.write("""func.func @step(%%x: tensor<1x%dxf32>, %%h: %s, %%c: %s) -> (%s, %s) {
  %%w = arith.constant %s
  %%b = arith.constant %s
  %%h1, %%c1 = cnn.lstm_cell %%x, %%h, %%c, %%w, %%b : tensor<1x%dxf32>, %s, %s, tensor<%dx%dxf32>, tensor<%dxf32>
      -> %s, %s loc("lstm")
  return %%h1, %%c1 : %s, %s
}
""" % (inputs, state, state, state, state, dense(w), dense(b), inputs, state, state, 4 * hidden,
       inputs + hidden, 4 * hidden, state, state, state, state))
