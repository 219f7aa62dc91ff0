//===- BufferizableOpInterfaceImpl.h - eie ops in bufferization -*- C++ -*-===//

#ifndef EIE_DIALECT_EIE_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define EIE_DIALECT_EIE_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;
namespace eie {

/// Makes eie.sparse_fc bufferizable by one-shot bufferization: the tensor form
/// becomes the buffer form writing into a new buffer.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);

} // namespace eie
} // namespace mlir

#endif // EIE_DIALECT_EIE_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
