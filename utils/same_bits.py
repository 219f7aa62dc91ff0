"""Checks that two .npy files hold the same float32 values bit for bit in the same shape, and that
the values are not all zero, so that agreement means something. The tools that write results
(eie-run, eie-sim) agree on shapes, so a shape mismatch is an error too.
Usage: same_bits.py a.npy b.npy"""
import sys

import numpy

a, b = (numpy.load(path) for path in sys.argv[1:3])
for path, x in zip(sys.argv[1:3], (a, b)):
    if x.dtype != numpy.float32:
        sys.exit(f"{path}: dtype {x.dtype}, expected float32")
if a.shape != b.shape:
    sys.exit(f"shape {a.shape} against {b.shape}")
a, b = a.reshape(-1), b.reshape(-1)
diff = numpy.nonzero(a.view(numpy.uint32) != b.view(numpy.uint32))[0]
if diff.size:
    i = diff[0]
    sys.exit(f"{diff.size} of {a.size} values differ, first at {i}: {a[i]!r} vs {b[i]!r}")
if not numpy.any(a):
    sys.exit("all values are zero")
print(f"identical: {a.size} values, {numpy.count_nonzero(a)} non-zero")
