//===- ProgramBuilder.h - Compressed layers to an EIE program ---*- C++ -*-===//
//
// The compiler's layer-to-instructions step (docs/ISA.md, "How layers become
// passes"): splits every layer into passes that fit the register files, the
// 16-bit pointers and the SRAMs, re-encodes each pass's tile of the matrix
// for the machine's PEs, keeps activations on chip between layers when they
// fit one register file, and emits the instruction stream.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ISA_PROGRAMBUILDER_H
#define EIE_ISA_PROGRAMBUILDER_H

#include "eie/Format/CompressedMatrix.h"
#include "eie/Format/FixedPoint.h"
#include "eie/ISA/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace eie::isa {

/// One fully-connected layer y = [relu](W x + b) in 16-bit fixed point.
struct LayerSpec {
  std::string name;
  /// The compressed weights (any PE count: passes are re-encoded for the
  /// machine); a codebook of at most 4 bits whose fracBits is fw.
  const format::CompressedMatrix *weights = nullptr;
  /// fa of the input, fw of the codebook, fo of the output.
  format::FixedPointParams formats;
  /// Empty, or one Q(fo) value per row.
  std::vector<int16_t> bias;
  bool relu = false;
};

/// The instruction stream running `layers` in order, each layer's output the
/// next one's input (columns and fa must match the previous rows and fo).
/// Errors name the layer and the sizes that do not fit.
llvm::Expected<Program> buildProgram(llvm::ArrayRef<LayerSpec> layers,
                                     const MachineParams &machine);

/// One step of an LSTM cell: the four gate matrices stacked in the order
/// input, forget, cell, output into one 4H x (X + H) layer over [x_t; h_t-1]
/// without ReLU. The program's output is the 4H gate pre-activations; the
/// host applies the sigmoids, tanh and the cell update (docs/ISA.md, "LSTM").
llvm::Expected<Program> buildLSTMGateProgram(const LayerSpec &gates,
                                             const MachineParams &machine);

} // namespace eie::isa

#endif // EIE_ISA_PROGRAMBUILDER_H
