// The eie-linalg-to-llvm pipeline: everything reaches the LLVM dialect, results become trailing
// out-params (computed straight into them: no buffer of the function's, no copy), each function
// gets a C wrapper taking descriptor pointers, and math ops without an intrinsic become libm
// calls.
// RUN: eie-opt --eie-linalg-to-llvm %s | FileCheck %s
// RUN: eie-opt --eie-linalg-to-llvm %s | FileCheck %s --check-prefix=NOT-LEFT

// NOT-LEFT-NOT: {{ (func|linalg|memref|bufferization|tensor|math|arith|scf|cf|affine)\.}}
// NOT-LEFT-NOT: unrealized_conversion_cast

// CHECK: llvm.func @erff(f32) -> f32

// Two rank-2 memrefs (5 fields + 2 sizes + 2 strides each): the input, then the out-param.
// CHECK-LABEL: llvm.func @main(
// CHECK-SAME: %arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64,
// CHECK-SAME: %arg7: !llvm.ptr, %arg8: !llvm.ptr, %arg9: i64, %arg10: i64, %arg11: i64, %arg12: i64, %arg13: i64)
// CHECK-SAME: attributes {llvm.emit_c_interface} {
// CHECK-NOT: llvm.call @malloc
// CHECK: llvm.intr.exp
// CHECK: llvm.call @erff
// CHECK-NOT: memcpy
// CHECK-NOT: llvm.call @free
// CHECK: llvm.return
// CHECK-NEXT: }

// CHECK-LABEL: llvm.func @_mlir_ciface_main(
// CHECK-SAME: %arg0: !llvm.ptr, %arg1: !llvm.ptr) attributes {llvm.emit_c_interface} {
// CHECK: llvm.call @main(

#id = affine_map<(i, j) -> (i, j)>
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %empty = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%empty : tensor<4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %e = math.exp %v : f32
    %erf = math.erf %e : f32
    linalg.yield %erf : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
