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

  ArrayRef<int64_t> inputShape = getInput().getType().getShape();
  ArrayRef<int64_t> resultShape = getResult().getType().getShape();
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
    int64_t biasSize = cast<RankedTensorType>(bias.getType()).getDimSize(0);
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
