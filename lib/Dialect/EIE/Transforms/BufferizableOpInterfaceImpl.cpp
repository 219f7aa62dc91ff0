//===- BufferizableOpInterfaceImpl.cpp - eie ops in bufferization ---------===//

#include "eie/Dialect/EIE/Transforms/BufferizableOpInterfaceImpl.h"

#include "eie/Dialect/EIE/IR/EIEOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::eie;

namespace {

/// The tensor form of eie.sparse_fc reads its operands and returns a new
/// tensor: it bufferizes to the buffer form writing into a new allocation, as
/// tensor.generate does. The buffer form is left alone.
struct SparseFCOpInterface
    : BufferizableOpInterface::ExternalModel<SparseFCOpInterface, SparseFCOp> {
  bool bufferizesToAllocation(Operation *op, Value value) const { return true; }

  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &state) const {
    return true;
  }

  bool bufferizesToMemoryWrite(Operation *op, OpOperand &operand,
                               const AnalysisState &state) const {
    return false;
  }

  AliasingValueList getAliasingValues(Operation *op, OpOperand &operand,
                                      const AnalysisState &state) const {
    return {};
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto layer = cast<SparseFCOp>(op);
    if (layer.hasBufferSemantics())
      return success();
    Location loc = layer.getLoc();
    FailureOr<Value> input =
        getBuffer(rewriter, layer.getInput(), options, state);
    if (failed(input))
      return failure();
    Value bias;
    if (layer.getBias()) {
      FailureOr<Value> biasBuffer =
          getBuffer(rewriter, layer.getBias(), options, state);
      if (failed(biasBuffer))
        return failure();
      bias = *biasBuffer;
    }
    FailureOr<Value> outputTensor = allocateTensorForShapedValue(
        rewriter, loc, layer.getResult(), options, state, /*copy=*/false);
    if (failed(outputTensor))
      return failure();
    FailureOr<Value> output =
        getBuffer(rewriter, *outputTensor, options, state);
    if (failed(output))
      return failure();
    SparseFCOp::create(rewriter, loc, /*result=*/Type(), *input, bias, *output,
                       layer.getMatrix(), layer.getRelu(),
                       layer.getActFracAttr(), layer.getOutFracAttr());
    replaceOpWithBufferizedValues(rewriter, op, *output);
    return success();
  }
};

} // namespace

void mlir::eie::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, EIEDialect *dialect) {
    SparseFCOp::attachInterface<SparseFCOpInterface>(*context);
  });
}
