//===- EIEOps.cpp - Operations of the eie dialect -------------------------===//

#include "eie/Dialect/EIE/IR/EIEOps.h"

#include "eie/Format/FixedPoint.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::eie;

#define GET_OP_CLASSES
#include "eie/Dialect/EIE/IR/EIEOps.cpp.inc"

//===----------------------------------------------------------------------===//
// SparseFCOp
//===----------------------------------------------------------------------===//

LogicalResult SparseFCOp::verify() {
  CompressedMatrixAttr matrix = getMatrix();
  // The attribute checked its parameters; its payloads can only be read now
  // (a textual module's dense_resource blobs follow its operations).
  if (failed(matrix.verifyPayloads([&] { return emitOpError(); })))
    return failure();

  // Either every shaped operand is a tensor and there is a result, or every
  // one is a buffer and the result is written to `output`.
  bool buffers = hasBufferSemantics();
  if (buffers == bool(getResult()))
    return emitOpError(buffers ? "writes into an output buffer and cannot also "
                                 "return a result"
                               : "needs a result or an output buffer");
  for (Value operand : {getInput(), getBias()})
    if (operand && isa<MemRefType>(operand.getType()) != buffers)
      return emitOpError(buffers ? "with an output buffer takes memref operands"
                                 : "with a tensor result takes tensor operands");

  ArrayRef<int64_t> inputShape = getInput().getType().getShape();
  ArrayRef<int64_t> resultShape = getResultShape();
  if (inputShape[0] < 1)
    return emitOpError("batch size must be positive, got ") << inputShape[0];
  if (inputShape[1] != matrix.getCols())
    return emitOpError("input has ")
           << inputShape[1] << " features, the matrix has " << matrix.getCols()
           << " columns";
  if (resultShape[0] != inputShape[0])
    return emitOpError("result batch size ")
           << resultShape[0] << " must match the input batch size "
           << inputShape[0];
  if (resultShape[1] != matrix.getRows())
    return emitOpError("result has ")
           << resultShape[1] << " features, the matrix has " << matrix.getRows()
           << " rows";
  if (Value bias = getBias()) {
    int64_t biasSize = cast<ShapedType>(bias.getType()).getDimSize(0);
    if (biasSize != matrix.getRows())
      return emitOpError("bias has ")
             << biasSize << " elements, the matrix has " << matrix.getRows()
             << " rows";
  }

  std::optional<uint32_t> actFrac = getActFrac(), outFrac = getOutFrac();
  if (actFrac.has_value() != outFrac.has_value())
    return emitOpError("'act_frac' and 'out_frac' must be given together");
  if (!actFrac)
    return success();
  ::eie::format::FixedPointParams params;
  params.actFrac = static_cast<int32_t>(*actFrac);
  params.weightFrac = matrix.getFracBits();
  params.outFrac = static_cast<int32_t>(*outFrac);
  if (llvm::Error error = params.validate())
    return emitOpError("invalid fixed-point formats (act_frac ")
           << params.actFrac << ", codebook frac_bits " << params.weightFrac
           << ", out_frac " << params.outFrac
           << "): " << llvm::toString(std::move(error));
  return success();
}

Speculation::Speculatability SparseFCOp::getSpeculatability() {
  // The tensor form has no side effect and cannot fail (its shapes are
  // verified), so it may be hoisted, as it could when it was Pure; the buffer
  // form writes its output.
  return hasBufferSemantics() ? Speculation::NotSpeculatable
                              : Speculation::Speculatable;
}

void SparseFCOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  // The tensor form is pure; the buffer form reads its operands and writes
  // its output.
  if (!hasBufferSemantics())
    return;
  effects.emplace_back(MemoryEffects::Read::get(), &getInputMutable(),
                       SideEffects::DefaultResource::get());
  for (OpOperand &bias : getBiasMutable())
    effects.emplace_back(MemoryEffects::Read::get(), &bias,
                         SideEffects::DefaultResource::get());
  for (OpOperand &output : getOutputMutable())
    effects.emplace_back(MemoryEffects::Write::get(), &output,
                         SideEffects::DefaultResource::get());
}
