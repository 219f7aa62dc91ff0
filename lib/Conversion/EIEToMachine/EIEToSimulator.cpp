//===- EIEToSimulator.cpp - Run accelerator functions on the simulator ----===//
//
// The simulator as an accelerator of the host code: the body of each function
// marked eie.accelerator becomes a call of the simulator's C entry point
// (include/eie/Sim/SimulatorCAPI.h) on the function's instruction stream.
//
//===----------------------------------------------------------------------===//

#include "eie/Conversion/EIEToMachine/EIEToMachine.h"
#include "eie/Conversion/Passes.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/ISA/BinaryFormat.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::eie {
#define GEN_PASS_DEF_CONVERTEIETOSIMULATOR
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;

/// The simulator's entry point, `_mlir_ciface_eieSimRunProgram`:
/// (stream, input, output) -> status.
static func::FuncOp declareSimulator(ModuleOp module, SymbolTable &symbols) {
  StringRef name = "eieSimRunProgram";
  if (auto existing = symbols.lookup<func::FuncOp>(name))
    return existing;
  MLIRContext *context = module.getContext();
  Type f32 = Float32Type::get(context);
  auto bytes =
      MemRefType::get({ShapedType::kDynamic}, IntegerType::get(context, 8));
  auto matrix =
      MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic}, f32);
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto function = func::FuncOp::create(
      builder, module.getLoc(), name,
      builder.getFunctionType({bytes, matrix, matrix},
                              IntegerType::get(context, 32)));
  function.setPrivate();
  function->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(context));
  symbols.insert(function);
  return function;
}

/// Replaces the body of `func` by a call of the simulator on `stream`.
static void callSimulator(func::FuncOp func, ArrayRef<uint8_t> stream,
                          func::FuncOp simulator, SymbolTable &symbols) {
  MLIRContext *context = func.getContext();
  Location loc = func.getLoc();
  auto streamType =
      MemRefType::get({int64_t(stream.size())}, IntegerType::get(context, 8));
  std::string name =
      toIdentifier("__eie_" + func.getSymName().str() + "_program");
  OpBuilder moduleBuilder(func);
  auto global = memref::GlobalOp::create(
      moduleBuilder, loc, name, moduleBuilder.getStringAttr("private"),
      streamType,
      DenseResourceElementsAttr::get(
          RankedTensorType::get(streamType.getShape(),
                                streamType.getElementType()),
          name, HeapAsmResourceBlob::allocateAndCopyInferAlign(stream)),
      /*constant=*/true, /*alignment=*/IntegerAttr());
  symbols.insert(global);

  func.eraseBody();
  Block *body = func.addEntryBlock();
  auto b = OpBuilder::atBlockBegin(body);
  auto inputType = cast<RankedTensorType>(func.getArgument(0).getType());
  auto resultType = cast<RankedTensorType>(func.getResultTypes()[0]);
  auto dynamic = [&](Value memref) {
    return memref::CastOp::create(b, loc, simulator.getArgumentTypes()[1],
                                  memref);
  };
  Value input = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(inputType.getShape(), inputType.getElementType()),
      body->getArgument(0), /*read_only=*/true);
  auto outputType =
      MemRefType::get(resultType.getShape(), resultType.getElementType());
  Value output = memref::AllocOp::create(b, loc, outputType,
                                         /*alignment=*/b.getI64IntegerAttr(64));
  Value program = memref::CastOp::create(
      b, loc, simulator.getArgumentTypes()[0],
      memref::GetGlobalOp::create(b, loc, streamType, global.getSymName()));
  Value status =
      func::CallOp::create(b, loc, simulator,
                           ValueRange{program, dynamic(input), dynamic(output)})
          .getResult(0);
  Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, status,
                                   arith::ConstantIntOp::create(b, loc, 0, 32));
  cf::AssertOp::create(
      b, loc, ok, "@" + func.getSymName().str() + ": the EIE simulator failed");
  Value result = bufferization::ToTensorOp::create(
      b, loc, resultType, output, /*restrict=*/true, /*writable=*/true);
  func::ReturnOp::create(b, loc, result);
  func->removeAttr(EIEDialect::getAcceleratorAttrName());
}

namespace {

struct ConvertEIEToSimulatorPass
    : mlir::eie::impl::ConvertEIEToSimulatorBase<ConvertEIEToSimulatorPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> functions;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() &&
          func->hasAttr(EIEDialect::getAcceleratorAttrName()))
        functions.push_back(func);
    if (functions.empty())
      return;
    llvm::Expected<::eie::isa::MachineParams> params =
        loadMachineParams(machine);
    if (!params) {
      module.emitError("--")
          << getArgument() << ": " << llvm::toString(params.takeError());
      return signalPassFailure();
    }
    SymbolTable symbols(module);
    func::FuncOp simulator = declareSimulator(module, symbols);
    for (func::FuncOp func : functions) {
      FailureOr<ChainProgram> compiled = compileChain(func, *params);
      if (failed(compiled))
        return signalPassFailure();
      llvm::Expected<std::vector<uint8_t>> stream =
          ::eie::isa::writeProgram(compiled->program);
      if (!stream) {
        func.emitError("cannot write the instruction stream: ")
            << llvm::toString(stream.takeError());
        return signalPassFailure();
      }
      callSimulator(func, *stream, simulator, symbols);
    }
  }
};

} // namespace
