// RUN: eie-opt %s --eie-strided-copy-to-linalg -split-input-file | FileCheck %s

// A copy into a strided view (an activation into the interior of its padded buffer) becomes
// linalg.copy; a copy between contiguous buffers stays a memref.copy (memcpy).
// CHECK-LABEL: func @copies
// CHECK:         linalg.copy ins(%{{.*}} : memref<1x2x4x4x16xf32>) outs(%{{.*}} : memref<1x2x4x4x16xf32, strided<[1152, 576, 96, 16, 1], offset: 112>>)
// CHECK:         memref.copy %{{.*}}, %{{.*}} : memref<1x2x4x4x16xf32> to memref<1x2x4x4x16xf32>
func.func @copies(%a: memref<1x2x4x4x16xf32>, %padded: memref<1x2x6x6x16xf32>, %b: memref<1x2x4x4x16xf32>) {
  %interior = memref.subview %padded[0, 0, 1, 1, 0] [1, 2, 4, 4, 16] [1, 1, 1, 1, 1]
      : memref<1x2x6x6x16xf32> to memref<1x2x4x4x16xf32, strided<[1152, 576, 96, 16, 1], offset: 112>>
  memref.copy %a, %interior : memref<1x2x4x4x16xf32> to memref<1x2x4x4x16xf32, strided<[1152, 576, 96, 16, 1], offset: 112>>
  memref.copy %a, %b : memref<1x2x4x4x16xf32> to memref<1x2x4x4x16xf32>
  return
}

// -----

// A dynamic number of rows (an input tile at the border of its padded tile).
// CHECK-LABEL: func @dynamic_rows
// CHECK:         linalg.copy ins(%{{.*}} : memref<1x?x8x16xf32, strided<[1024, 128, 16, 1], offset: ?>>) outs(%{{.*}} : memref<1x?x8x16xf32, strided<[480, 160, 16, 1], offset: ?>>)
func.func @dynamic_rows(%src: memref<1x8x8x16xf32>, %tile: memref<1x3x10x16xf32>, %row: index, %rows: index, %top: index) {
  %a = memref.subview %src[0, %row, 0, 0] [1, %rows, 8, 16] [1, 1, 1, 1]
      : memref<1x8x8x16xf32> to memref<1x?x8x16xf32, strided<[1024, 128, 16, 1], offset: ?>>
  %b = memref.subview %tile[0, %top, 1, 0] [1, %rows, 8, 16] [1, 1, 1, 1]
      : memref<1x3x10x16xf32> to memref<1x?x8x16xf32, strided<[480, 160, 16, 1], offset: ?>>
  memref.copy %a, %b : memref<1x?x8x16xf32, strided<[1024, 128, 16, 1], offset: ?>> to memref<1x?x8x16xf32, strided<[480, 160, 16, 1], offset: ?>>
  return
}
