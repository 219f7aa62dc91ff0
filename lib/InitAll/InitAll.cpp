//===- InitAll.cpp - Register the project's dialects and passes -----------===//

#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/CNNDialect.h"
#include "eie/Dialect/CNN/Transforms/Passes.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/Dialect/EIE/Transforms/BufferizableOpInterfaceImpl.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"
#include "eie/Dialect/EIEISA/IR/EIEISADialect.h"
#include "eie/InitAllDialects.h"
#include "eie/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void mlir::eie::registerAllDialects(DialectRegistry &registry) {
  registry.insert<cnn::CNNDialect>();
  registry.insert<EIEDialect>();
  registerBufferizableOpInterfaceExternalModels(registry);
  registry.insert<eie_isa::EIEISADialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void mlir::eie::registerAllPasses() {
  mlir::registerAllPasses();
  cnn::registerCNNPasses();
  registerEIEConversionPasses();
  registerEIETransformsPasses();
  registerPipelines();
}
