//===- OneDNNConv.cpp - oneDNN's direct convolution, formats 'any' --------===//
//
// Built with exceptions: dnnl.hpp reports errors by throwing dnnl::error,
// which createOneDNNConv turns into an llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "ConvImplementation.h"

#include "llvm/Support/FormatVariadic.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <numeric>

// Debian's oneDNN runs on GNU OpenMP (libgomp), whose omp.h clang does not
// see; the OpenMP API is plain C.
extern "C" void omp_set_num_threads(int);

using namespace eie;
using namespace eie::convbench;

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

/// oneDNN's name of a blocked memory format, as its verbose mode prints it:
/// one letter per dimension from outermost to innermost, upper case when the
/// dimension is also blocked, then the inner blocks ("aBcd16b" is nChw16c).
std::string formatName(const memory::desc &desc) {
  const dnnl_memory_desc_t &md = desc.data;
  if (md.format_kind != dnnl_blocked)
    return "not blocked";
  const dnnl_blocking_desc_t &blocking = md.format_desc.blocking;
  std::vector<int> order(md.ndims);
  std::iota(order.begin(), order.end(), 0);
  // Outermost first; dimensions of extent 1 can share a stride with another,
  // and then keep their order.
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return blocking.strides[a] != blocking.strides[b]
               ? blocking.strides[a] > blocking.strides[b]
               : a < b;
  });
  std::string name;
  for (int dim : order) {
    bool blocked =
        std::count(blocking.inner_idxs,
                   blocking.inner_idxs + blocking.inner_nblks, dim) > 0;
    name += char((blocked ? 'A' : 'a') + dim);
  }
  for (int i = 0; i < blocking.inner_nblks; ++i)
    name += std::to_string(blocking.inner_blks[i]) +
            char('a' + blocking.inner_idxs[i]);
  return name;
}

class OneDNNConv : public ConvImplementation {
public:
  explicit OneDNNConv(const ConvProblem &problem)
      : engine(dnnl::engine::kind::cpu, 0), stream(engine) {
    const ConvShape &s = problem.shape;
    memory::dims srcDims = {s.batch, s.channels, s.height, s.width};
    memory::dims dstDims = {s.batch, s.filters, s.outHeight, s.outWidth};
    memory::dims weightDims =
        s.groups == 1
            ? memory::dims{s.filters, s.channels, s.kernelHeight, s.kernelWidth}
            : memory::dims{s.groups, s.filtersPerGroup(), s.channelsPerGroup(),
                           s.kernelHeight, s.kernelWidth};
    memory::desc biasDesc({s.filters}, memory::data_type::f32, Tag::x);
    auto any = [](const memory::dims &dims) {
      return memory::desc(dims, memory::data_type::f32, Tag::any);
    };
    dnnl::convolution_forward::desc convDesc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
        any(srcDims), any(weightDims), biasDesc, any(dstDims),
        {s.strideHeight, s.strideWidth}, {s.padTop, s.padLeft},
        {s.padBottom, s.padRight});
    primitiveDesc = dnnl::convolution_forward::primitive_desc(convDesc, engine);
    convolution = dnnl::convolution_forward(primitiveDesc);

    // oneDNN only reads the user's input, weights and bias: the const_casts
    // hand them over without a copy.
    memory userSrc(
        {srcDims, memory::data_type::f32, Tag::nchw}, engine,
        const_cast<float *>(problem.input.getValues<float>().data()));
    memory userWeight({weightDims, memory::data_type::f32,
                       s.groups == 1 ? Tag::oihw : Tag::goihw},
                      engine, const_cast<float *>(problem.getWeight().data()));
    src = toFormat(userSrc, primitiveDesc.src_desc());
    weight = toFormat(userWeight, primitiveDesc.weights_desc());
    bias =
        memory(biasDesc, engine, const_cast<float *>(problem.getBias().data()));
    dst = memory(primitiveDesc.dst_desc(), engine);
    userDst = memory({dstDims, memory::data_type::f32, Tag::nchw}, engine);
  }

  void run() override {
    convolution.execute(stream, {{DNNL_ARG_SRC, src},
                                 {DNNL_ARG_WEIGHTS, weight},
                                 {DNNL_ARG_BIAS, bias},
                                 {DNNL_ARG_DST, dst}});
    stream.wait();
  }

  std::vector<float> readOutput() override {
    dnnl::reorder(dst, userDst).execute(stream, dst, userDst);
    stream.wait();
    auto *values = static_cast<const float *>(userDst.get_data_handle());
    return {values, values + userDst.get_desc().get_size() / sizeof(float)};
  }

  std::string describe() const override {
    return llvm::formatv("{0} (src {1}, weights {2}, dst {3})",
                         primitiveDesc.impl_info_str(),
                         formatName(primitiveDesc.src_desc()),
                         formatName(primitiveDesc.weights_desc()),
                         formatName(primitiveDesc.dst_desc()));
  }

private:
  /// `user` reordered to `desc` (the same memory if it already is).
  memory toFormat(memory user, const memory::desc &desc) {
    if (user.get_desc() == desc)
      return user;
    memory converted(desc, engine);
    dnnl::reorder(user, converted).execute(stream, user, converted);
    stream.wait();
    return converted;
  }

  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::convolution_forward::primitive_desc primitiveDesc;
  dnnl::convolution_forward convolution;
  memory src, weight, bias, dst, userDst;
};

} // namespace

void convbench::useOneOneDNNThread() { omp_set_num_threads(1); }

std::string convbench::describeOneDNN() {
  const dnnl_version_t *v = dnnl_version();
  const char *runtime = v->cpu_runtime == DNNL_RUNTIME_OMP   ? "OpenMP"
                        : v->cpu_runtime == DNNL_RUNTIME_TBB ? "TBB"
                        : v->cpu_runtime == DNNL_RUNTIME_SEQ ? "sequential"
                                                             : "threadpool";
  return llvm::formatv("oneDNN {0}.{1}.{2} ({3} runtime)", v->major, v->minor,
                       v->patch, runtime);
}

llvm::Expected<std::unique_ptr<ConvImplementation>>
convbench::createOneDNNConv(const ConvProblem &problem) {
  try {
    return std::make_unique<OneDNNConv>(problem);
  } catch (const dnnl::error &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   problem.name + ": oneDNN: " + e.what());
  }
}
