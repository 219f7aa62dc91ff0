//===- SimulatorCAPI.cpp - C entry point of the EIE simulator -------------===//

#include "eie/Sim/SimulatorCAPI.h"

#include "eie/Format/FixedPoint.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/Sim/Simulator.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace eie;

/// The elements of a 1 x n row given by `matrix`, or an error naming `what`.
static llvm::Expected<float *> getRow(const EieSimMatrixF32 *matrix,
                                      uint32_t length, llvm::StringRef what) {
  if (matrix->sizes[0] != 1 || matrix->sizes[1] != length ||
      (length > 1 && matrix->strides[1] != 1))
    return llvm::createStringError(
        llvm::formatv("the {0} is {1}x{2}, the program's is 1x{3}", what,
                      matrix->sizes[0], matrix->sizes[1], length)
            .str());
  return matrix->aligned + matrix->offset;
}

static llvm::Error runProgram(const EieSimBytes *stream,
                              const EieSimMatrixF32 *inputMatrix,
                              EieSimMatrixF32 *outputMatrix) {
  llvm::Expected<isa::Program> program = isa::readProgram(llvm::ArrayRef(
      stream->aligned + stream->offset, size_t(stream->sizes[0])));
  if (!program)
    return program.takeError();
  const isa::HostVector &in =
      program->hostVectors[program->findHostVector(isa::HostVectorRole::Input)];
  const isa::HostVector &out =
      program
          ->hostVectors[program->findHostVector(isa::HostVectorRole::Output)];
  llvm::Expected<float *> x = getRow(inputMatrix, in.length, "input");
  if (!x)
    return x.takeError();
  llvm::Expected<float *> y = getRow(outputMatrix, out.length, "output");
  if (!y)
    return y.takeError();

  std::vector<int16_t> input;
  for (uint32_t i = 0; i < in.length; ++i)
    input.push_back(format::quantize((*x)[i], in.fracBits));
  machine::MachineConfig machine;
  machine.params = program->machine;
  llvm::Expected<sim::SimResult> result =
      sim::simulate(*program, machine, input);
  if (!result)
    return result.takeError();
  for (uint32_t i = 0; i < out.length; ++i)
    (*y)[i] = format::dequantize(result->output[i], out.fracBits);
  return llvm::Error::success();
}

int32_t _mlir_ciface_eieSimRunProgram(const EieSimBytes *program,
                                      const EieSimMatrixF32 *input,
                                      EieSimMatrixF32 *output) {
  if (llvm::Error error = runProgram(program, input, output)) {
    llvm::errs() << "eieSimRunProgram: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  return 0;
}
