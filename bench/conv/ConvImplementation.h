//===- ConvImplementation.h - One way of computing a conv layer -*- C++ -*-===//
//
// The three implementations the benchmark compares, each set up once for one
// ConvProblem (buffers, packed weights, compiled code) so that run() is the
// computation alone: what is timed and what cachegrind counts.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_BENCH_CONV_CONVIMPLEMENTATION_H
#define EIE_BENCH_CONV_CONVIMPLEMENTATION_H

#include "ConvProblem.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace eie::convbench {

class ConvImplementation {
public:
  virtual ~ConvImplementation() = default;

  /// Computes the layer once; what is timed.
  virtual void run() = 0;

  /// The output of the last run() in NCHW (converted outside run() if the
  /// implementation computes it in another layout).
  virtual std::vector<float> readOutput() = 0;

  /// What the implementation chose for this layer (kernel, layout), if it
  /// says; printed once per layer.
  virtual std::string describe() const { return ""; }
};

/// The implementations, in the order the benchmark prints them.
enum class ImplementationKind { OpenBLAS, OneDNN, Ours };
constexpr ImplementationKind kImplementationKinds[] = {
    ImplementationKind::OpenBLAS, ImplementationKind::OneDNN,
    ImplementationKind::Ours};

/// "openblas", "onednn", "ours": the spelling of --only.
inline llvm::StringRef getImplementationName(ImplementationKind kind) {
  switch (kind) {
  case ImplementationKind::OpenBLAS:
    return "openblas";
  case ImplementationKind::OneDNN:
    return "onednn";
  case ImplementationKind::Ours:
    return "ours";
  }
  return "";
}

/// Caffe's CPU path: im2col of each image, then one sgemm per group (the
/// output starts as the bias, sgemm adds). The im2col buffer is allocated
/// here; im2col is timed.
std::unique_ptr<ConvImplementation>
createOpenBLASConv(const ConvProblem &problem);

/// oneDNN's direct convolution with every memory format left to oneDNN
/// (`any`); the input and the weights are reordered to its formats here, once,
/// as a framework does, so run() is the convolution primitive alone.
llvm::Expected<std::unique_ptr<ConvImplementation>>
createOneDNNConv(const ConvProblem &problem);

/// Our code: the one-layer cnn module, lowered by `pipeline` and JIT-compiled.
/// The function takes and returns NCHW; layout changes it makes are timed.
llvm::Expected<std::unique_ptr<ConvImplementation>>
createJitConv(const ConvProblem &problem, llvm::StringRef pipeline);

/// One thread for OpenBLAS's own pool.
void useOneOpenBLASThread();

/// One thread for the OpenMP runtime oneDNN runs on.
void useOneOneDNNThread();

/// How oneDNN was built ("oneDNN 2.6.3, OpenMP runtime").
std::string describeOneDNN();

} // namespace eie::convbench

#endif // EIE_BENCH_CONV_CONVIMPLEMENTATION_H
