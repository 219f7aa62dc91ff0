// RUN: eie-opt %s --eie-lower-pack-unpack --canonicalize -split-input-file | FileCheck %s

// A pack becomes an expand_shape and a transpose tiled into 16 x 16 blocks along the dims
// innermost in its source (w) and its result (the 16 channels of a block).
// CHECK-LABEL: func @pack
// CHECK:         %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 16, 8, 32]
// CHECK:         scf.for %{{.*}} = %c0 to %c2 step %c1
// CHECK:           scf.for %{{.*}} = %c0 to %c8 step %c1
// CHECK:             scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK:               linalg.transpose ins(%{{.*}} : tensor<1x1x16x1x16xf32>) outs(%{{.*}} : tensor<1x1x1x16x16xf32>) permutation = [0, 1, 3, 4, 2]
// CHECK-NOT:     linalg.pack
func.func @pack(%x: tensor<1x32x8x32xf32>) -> tensor<1x2x8x32x16xf32> {
  %e = tensor.empty() : tensor<1x2x8x32x16xf32>
  %p = linalg.pack %x inner_dims_pos = [1] inner_tiles = [16] into %e : tensor<1x32x8x32xf32> -> tensor<1x2x8x32x16xf32>
  return %p : tensor<1x2x8x32x16xf32>
}

// -----

// An unpack: the blocked transpose back, then the collapse to NCHW. A dim shorter than a block
// (w = 13) is not tiled.
// CHECK-LABEL: func @unpack
// CHECK:         scf.for %{{.*}} = %c0 to %c2 step %c1
// CHECK:           scf.for %{{.*}} = %c0 to %c13 step %c1
// CHECK:             linalg.transpose ins(%{{.*}} : tensor<1x1x1x13x16xf32>) outs(%{{.*}} : tensor<1x1x16x1x13xf32>) permutation = [0, 1, 4, 2, 3]
// CHECK:         %[[NCHW:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x16x13x13xf32> into tensor<1x32x13x13xf32>
// No copy into the unpack's empty destination: the result is the collapse.
// CHECK-NOT:     linalg.copy
// CHECK:         return %[[NCHW]]
// CHECK-NOT:     linalg.unpack
func.func @unpack(%x: tensor<1x2x13x13x16xf32>) -> tensor<1x32x13x13xf32> {
  %e = tensor.empty() : tensor<1x32x13x13xf32>
  %u = linalg.unpack %x inner_dims_pos = [1] inner_tiles = [16] into %e : tensor<1x2x13x13x16xf32> -> tensor<1x32x13x13xf32>
  return %u : tensor<1x32x13x13xf32>
}
