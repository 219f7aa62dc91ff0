// RUN: eie-opt %s --cnn-apply-blocking=target=avx512 --canonicalize -split-input-file | FileCheck %s

// The blocking's levels read back from the loop nest: level 2 (DRAM) walks K
// then Y over tiles of level 1; level 1 (L1d) walks X by the register tile's 4
// pixels, then C, R, S with the 4 accumulators of 16 lanes in registers. The
// relu is fused into the last visit of each output tile.

// CHECK-LABEL: func.func @conv
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C9:.*]] = arith.constant 9 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     arith.constant dense_resource<packed_filter> : tensor<1x2x1x3x3x16x16xf32>
// The input is padded per tile of the outermost level (3 rows with their
// zero border, where the level's order last changes the input tile), not
// copied whole into a padded buffer.
// CHECK:         %[[PACK:.*]] = linalg.pack %{{.*}} inner_dims_pos = [1] inner_tiles = [16]
// CHECK:         %[[INPUT:.*]] = tensor.expand_shape %[[PACK]]
// CHECK:         scf.for %{{.*}} = %{{.*}} to %[[C2]] step %[[C1]]
// CHECK:           scf.for %[[ROW:[a-z0-9_]+]] = %{{.*}} to %[[C8]] step %[[C1]]
// CHECK:             %[[ROWS:.*]] = tensor.extract_slice %[[INPUT]][0, 0, 0, %{{.*}}, 0, 0] [1, 1, 1, %{{.*}}, 8, 16]
// CHECK:             tensor.pad %[[ROWS]] low[0, 0, 0, %{{.*}}, 1, 0] high[0, 0, 0, %{{.*}}, 1, 0]
// CHECK:             } : tensor<1x1x1x?x8x16xf32> to tensor<1x1x1x3x10x16xf32>
// CHECK:             scf.for %{{.*}} = %{{.*}} to %[[C8]] step %[[C4]]
// CHECK:               scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C1]] iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// The filter rows that would read the zero border above or below the row of
// pixels are skipped: r in [max(0, 1 - row), min(3, 9 - row)).
// CHECK:                 %[[TOP:.*]] = arith.subi %[[C1]], %[[ROW]] : index
// CHECK:                 %[[FIRST:.*]] = arith.maxsi %[[TOP]], %[[C0]] : index
// CHECK:                 %[[BOTTOM:.*]] = arith.subi %[[C9]], %[[ROW]] : index
// CHECK:                 %[[END:.*]] = arith.minsi %[[BOTTOM]], %[[C3]] : index
// CHECK:                 scf.for %{{.*}} = %[[FIRST]] to %[[END]] step %[[C1]]
// CHECK:                   scf.for %{{.*}} = %{{.*}} to %[[C3]] step %[[C1]]
// CHECK:                     vector.transfer_read
// CHECK-COUNT-4:             vector.fma
// CHECK:                   } {cnn.tile = {dim = "s", level = 1 : i64, loop = "S", memory = "L1d"}}
// CHECK:                 } {cnn.tile = {dim = "r", level = 1 : i64, loop = "R", memory = "L1d"}}
// CHECK:               } {cnn.tile = {dim = "c", level = 1 : i64, loop = "C", memory = "L1d"}}
// CHECK-COUNT-4:       arith.maximumf
// CHECK-COUNT-4:       vector.transfer_write
// CHECK:             } {cnn.tile = {dim = "q", level = 1 : i64, loop = "X", memory = "L1d"}}
// CHECK:           } {cnn.tile = {dim = "p", level = 2 : i64, loop = "Y", memory = "DRAM"}}
// CHECK:         } {cnn.tile = {dim = "kb", level = 2 : i64, loop = "K", memory = "DRAM"}}
// CHECK:         linalg.unpack %{{.*}} inner_dims_pos = [1] inner_tiles = [16]
// CHECK-NOT:     cnn.relu
func.func @conv(%x: tensor<1x16x8x8xf32>, %b: tensor<32xf32>) -> tensor<1x32x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %i = tensor.empty() : tensor<1x32x8x8xf32>
  %y = cnn.conv2d ins(%x, %w, %b : tensor<1x16x8x8xf32>, tensor<32x16x3x3xf32>, tensor<32xf32>)
        outs(%i : tensor<1x32x8x8xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 4, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 1, X = 2, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 2, C = 1, Y = 8, X = 1, R = 1, S = 1}, order = [K, Y, N, C, X, R, S]>]>}
        -> tensor<1x32x8x8xf32>
  %r = cnn.relu %y : tensor<1x32x8x8xf32>
  return %r : tensor<1x32x8x8xf32>
}

// -----

// A reduction loop outside the accumulators (level 2 walks C): the bias starts
// an output tile only on its first visit, the relu ends it on its last.

// CHECK-LABEL: func.func @split_reduction
// CHECK:         scf.for {{.*}} {
// CHECK:           scf.for
// CHECK:             %[[FIRST:.*]] = arith.cmpi eq
// CHECK:             scf.if %[[FIRST]] -> (vector<16xf32>, vector<16xf32>)
// CHECK:             %[[LAST:.*]] = arith.cmpi sge
// CHECK-COUNT-2:     arith.select %[[LAST]]
// CHECK:         } {cnn.tile = {dim = "cb", level = 2 : i64, loop = "C", memory = "L2"}}
func.func @split_reduction(%x: tensor<1x32x4x4xf32>, %w: tensor<16x32x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x16x4x4xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x32x4x4xf32>, tensor<16x32x1x1xf32>)
        outs(%i : tensor<1x16x4x4xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 2, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 4, X = 2, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>,
          <"L2", {N = 1, K = 1, C = 2, Y = 1, X = 1, R = 1, S = 1}, order = [C, N, K, Y, X, R, S]>]>}
        -> tensor<1x16x4x4xf32>
  %r = cnn.relu %y : tensor<1x16x4x4xf32>
  return %r : tensor<1x16x4x4xf32>
}
