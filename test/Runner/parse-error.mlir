// A module that does not parse: the parser's diagnostic, then a one-line summary.
// RUN: not eie-run %s 2>&1 | FileCheck %s
// CHECK: parse-error.mlir:[[# @LINE + 3]]:{{[0-9]+}}: error:
// CHECK: eie-run: error: cannot parse {{.*}}parse-error.mlir

func.func @main( -> tensor<2xf32>
