// RUN: eie-opt %s --eie-inline-alloca-scopes -split-input-file | FileCheck %s

// The body of a parallel loop after --convert-scf-to-openmp: no stack
// allocation in the scope, which is inlined (its loops can then become blocks).

// CHECK-LABEL: func.func @no_stack_allocation
// CHECK-NOT:     memref.alloca_scope
// CHECK:         omp.loop_nest
// CHECK-NEXT:      scf.for
// CHECK:           memref.alloc()
// CHECK:           memref.store
// CHECK:           memref.dealloc
// CHECK:         omp.yield
func.func @no_stack_allocation(%out: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c4) step (%c1) {
        memref.alloca_scope {
          scf.for %j = %c0 to %c8 step %c1 {
            %tmp = memref.alloc() : memref<8xf32>
            memref.store %f, %out[%i, %j] : memref<4x8xf32>
            memref.dealloc %tmp : memref<8xf32>
          }
        }
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// A stack allocation is released per iteration by the scope: kept.

// CHECK-LABEL: func.func @stack_allocation
// CHECK:         memref.alloca_scope
// CHECK:           memref.alloca()
func.func @stack_allocation(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    memref.alloca_scope {
      %tmp = memref.alloca() : memref<16xf32>
      %v = memref.load %tmp[%c0] : memref<16xf32>
      memref.store %v, %out[%i] : memref<4xf32>
    }
  }
  return
}

// -----

// A stack allocation inside a nested scope is that scope's: the outer one is
// inlined, the inner one kept. Results are forwarded.

// CHECK-LABEL: func.func @nested
// CHECK-NEXT:    %[[C:.*]] = arith.constant
// CHECK-NEXT:    memref.alloca_scope {
// CHECK-NEXT:      memref.alloca()
// CHECK:         }
// CHECK-NEXT:    return %[[C]]
func.func @nested() -> f32 {
  %r = memref.alloca_scope -> (f32) {
    %c = arith.constant 2.0 : f32
    memref.alloca_scope {
      %tmp = memref.alloca() : memref<16xf32>
    }
    memref.alloca_scope.return %c : f32
  }
  return %r : f32
}
