// RUN: eie-opt %s --eie-elide-result-copies -split-input-file | FileCheck %s

// The result is computed straight into the out-param.
// CHECK-LABEL: func @elided
// CHECK-SAME:    (%[[X:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NOT:     memref.alloc
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return
#id = affine_map<(i) -> (i)>
func.func @elided(%x: memref<4xf32>, %out: memref<4xf32>) {
  %buf = memref.alloc() : memref<4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<4xf32>) outs(%buf : memref<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.addf %v, %v : f32
    linalg.yield %d : f32
  }
  memref.copy %buf, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// Kept: the buffer is read after the copy, or the result is an argument.
// CHECK-LABEL: func @kept
// CHECK:         memref.alloc
// CHECK:         memref.copy
// CHECK:         memref.copy %{{.*}}, %{{.*}} : memref<4xf32> to memref<4xf32>
func.func @kept(%x: memref<4xf32>, %out: memref<4xf32>, %out2: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %buf = memref.alloc() : memref<4xf32>
  memref.copy %x, %buf : memref<4xf32> to memref<4xf32>
  memref.copy %buf, %out : memref<4xf32> to memref<4xf32>
  %v = memref.load %buf[%c0] : memref<4xf32>
  memref.copy %x, %out2 : memref<4xf32> to memref<4xf32>
  return %v : f32
}

// -----

// A grouped layer's output is computed with the group as a dimension and
// collapsed away: the out-param is expanded to the allocation's shape.
// CHECK-LABEL: func @through_reshape
// CHECK-SAME:    (%[[X:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<8xf32>)
// CHECK-NOT:     memref.alloc
// CHECK:         %[[VIEW:.*]] = memref.expand_shape %[[OUT]] {{\[\[}}0, 1]] output_shape [2, 4] : memref<8xf32> into memref<2x4xf32>
// CHECK:         %[[IN:.*]] = memref.expand_shape %[[X]]
// CHECK:         memref.copy %[[IN]], %[[VIEW]] : memref<2x4xf32> to memref<2x4xf32>
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @through_reshape(%x: memref<8xf32>, %out: memref<8xf32>) {
  %buf = memref.alloc() : memref<2x4xf32>
  %in = memref.expand_shape %x [[0, 1]] output_shape [2, 4] : memref<8xf32> into memref<2x4xf32>
  memref.copy %in, %buf : memref<2x4xf32> to memref<2x4xf32>
  %flat = memref.collapse_shape %buf [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  memref.copy %flat, %out : memref<8xf32> to memref<8xf32>
  return
}

// -----

// Kept: the buffer is read, through its reshape, after the copy.
// CHECK-LABEL: func @reshape_read_after
// CHECK:         memref.alloc
// CHECK:         memref.copy %{{.*}}, %{{.*}} : memref<8xf32> to memref<8xf32>
func.func @reshape_read_after(%x: memref<2x4xf32>, %out: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %buf = memref.alloc() : memref<2x4xf32>
  memref.copy %x, %buf : memref<2x4xf32> to memref<2x4xf32>
  %flat = memref.collapse_shape %buf [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  memref.copy %flat, %out : memref<8xf32> to memref<8xf32>
  %v = memref.load %flat[%c0] : memref<8xf32>
  return %v : f32
}
