//===- CNNDialect.td - The cnn dialect ---------------------*- tablegen -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNDIALECT_TD
#define EIE_DIALECT_CNN_IR_CNNDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def CNN_Dialect : Dialect {
  let name = "cnn";
  let cppNamespace = "::mlir::cnn";
  let summary = "Layers of convolutional and recurrent neural networks";
  let description = [{
    The `cnn` dialect holds the layers of a neural network at the level its authors think of
    them: convolutions, fully-connected layers, pooling, normalisation, activations and LSTM
    cells, on ranked tensors with value semantics. It is the input of the project's two
    back-ends: conv2d and fc carry a `#cnn.blocking` that the analytic memory model chooses
    (`--cnn-optimize-blocking`), and fc layers are compressed for the EIE accelerator.

    Layouts are fixed and explicit: activations are NCHW, filters KCRS (output channels, input
    channels per group, kernel rows, kernel columns), fully-connected weights are K x C (one row
    per output), which is also the orientation the EIE format stores.

    Compute-heavy ops (`cnn.conv2d`, `cnn.fc`, the pooling ops) are in destination-passing style
    like upstream `linalg`: an `outs` operand names the destination tensor. Its contents are never
    read; it only fixes the result's shape and the buffer the result may bufferize into, which
    keeps the ops tileable with upstream infrastructure. Element-wise and reshaping ops return new
    values.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
  public:
  }];
}

class CNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<CNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class CNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<CNN_Dialect, mnemonic, traits>;

#endif // EIE_DIALECT_CNN_IR_CNNDIALECT_TD
