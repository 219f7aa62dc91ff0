#!/usr/bin/env python3
"""Runs ONNX's backend node tests (the cases python3-onnx's generators write,
`backend-test-tools generate-data`) for the operators the importer supports,
on the EIE backend (eie.backend), and prints per operator how many cases pass,
fail or are rejected by the importer, with the reason of every failure and
rejection. Exits non-zero if any case fails (a rejection is not a failure: it
is the importer's clear refusal of something it does not support).

  onnx-conformance.py [--ops Conv,Relu] [--pipeline PIPELINE]
"""

import argparse
import sys

import numpy as np

# onnx 1.12's generators use NumPy aliases that NumPy 1.24 removed
# (shared/TOOLCHAIN.md).
for alias, value in (("float", float), ("int", int), ("bool", bool),
                     ("object", object)):
    if alias not in np.__dict__:
        setattr(np, alias, value)

from onnx.backend.test.case import node as node_cases  # noqa: E402

import eie  # noqa: E402
from eie import backend, onnx_importer  # noqa: E402


def compare(outputs, references, rtol, atol):
    """onnx's runner check: same count, dtype and values within tolerance."""
    if len(outputs) != len(references):
        raise AssertionError("%d outputs, expected %d"
                             % (len(outputs), len(references)))
    for i, (out, ref) in enumerate(zip(outputs, references)):
        ref = np.asarray(ref)
        if out.dtype != ref.dtype:
            raise AssertionError("output %d has dtype %s, expected %s"
                                 % (i, out.dtype, ref.dtype))
        if out.shape != ref.shape:
            raise AssertionError("output %d has shape %s, expected %s"
                                 % (i, out.shape, ref.shape))
        if not np.allclose(out, ref, rtol=rtol, atol=atol, equal_nan=True):
            err = np.max(np.abs(out.astype(np.float64) - ref))
            raise AssertionError("output %d differs by up to %g (rtol %g, "
                                 "atol %g)" % (i, err, rtol, atol))


def run_case(case, pipeline):
    """('passed' | 'rejected' | 'FAILED', reason)."""
    try:
        rep = backend.prepare(case.model, pipeline=pipeline)
        for inputs, references in case.data_sets:
            outputs = rep.run(inputs)
            compare(outputs, references, case.rtol, case.atol)
    except backend.UnsupportedModelError as e:
        return "rejected", " | ".join(str(e).splitlines())
    except AssertionError as e:
        return "FAILED", str(e)
    except Exception as e:  # a compiler error after import is a failure
        return "FAILED", "%s: %s" % (type(e).__name__,
                                     " | ".join(str(e).splitlines()[:3]))
    return "passed", ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", help="comma-separated operators (default: "
                        "every operator the importer supports)")
    parser.add_argument("--pipeline", help="lowering pipeline (default: "
                        "eie.compile_x86's, eie-x86-pipeline)")
    args = parser.parse_args()
    ops = set(args.ops.split(",")) if args.ops else \
        set(onnx_importer.SUPPORTED_OPS)

    by_op = {}
    for case in node_cases.collect_testcases(None):
        nodes = case.model.graph.node
        if len(nodes) != 1 or nodes[0].op_type not in ops:
            continue
        by_op.setdefault(nodes[0].op_type, []).append(case)

    totals = {"passed": 0, "FAILED": 0, "rejected": 0}
    for op in sorted(ops):
        cases = sorted(by_op.get(op, []), key=lambda c: c.name)
        results = [(case.name,) + run_case(case, args.pipeline)
                   for case in cases]
        counts = {status: sum(1 for r in results if r[1] == status)
                  for status in totals}
        for status in totals:
            totals[status] += counts[status]
        print("%s: %d cases, %d passed, %d failed, %d rejected"
              % (op, len(cases), counts["passed"], counts["FAILED"],
                 counts["rejected"]))
        for name, status, reason in results:
            if status != "passed":
                print("  %s %s: %s" % (status, name, reason))
        sys.stdout.flush()
    print("total: %d cases, %d passed, %d failed, %d rejected"
          % (sum(totals.values()), totals["passed"], totals["FAILED"],
             totals["rejected"]))
    return 1 if totals["FAILED"] else 0


if __name__ == "__main__":
    sys.exit(main())
