//===- OpenBLASConv.cpp - im2col + sgemm, as Caffe computes a conv --------===//

#include "ConvImplementation.h"

#include <cblas.h>

#include <algorithm>

using namespace eie;
using namespace eie::convbench;

namespace {

class OpenBLASConv : public ConvImplementation {
public:
  explicit OpenBLASConv(const ConvProblem &problem)
      : s(problem.shape), input(problem.input.getValues<float>()),
        weight(problem.getWeight()), bias(problem.getBias()),
        columns(s.channels * s.kernelHeight * s.kernelWidth * s.outHeight *
                s.outWidth),
        output(s.outputElements()) {}

  void run() override {
    int64_t plane = s.outHeight * s.outWidth;
    int64_t rowsPerGroup =
        s.channelsPerGroup() * s.kernelHeight * s.kernelWidth;
    int64_t kg = s.filtersPerGroup();
    for (int64_t n = 0; n < s.batch; ++n) {
      im2col(&input[n * s.channels * s.height * s.width]);
      float *out = &output[n * s.filters * plane];
      for (int64_t k = 0; k < s.filters; ++k)
        std::fill_n(out + k * plane, plane, bias[k]);
      for (int64_t g = 0; g < s.groups; ++g)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kg, plane,
                    rowsPerGroup, 1.0f, &weight[g * kg * rowsPerGroup],
                    rowsPerGroup, &columns[g * rowsPerGroup * plane], plane,
                    1.0f, out + g * kg * plane, plane);
    }
  }

  std::vector<float> readOutput() override { return output; }

private:
  /// Caffe's im2col: row (c, r, q) of `columns` holds, for every output
  /// position, the input element tap (r, q) of channel c reads (0 on padding).
  void im2col(const float *image) {
    float *col = columns.data();
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t r = 0; r < s.kernelHeight; ++r)
        for (int64_t q = 0; q < s.kernelWidth; ++q)
          for (int64_t y = 0; y < s.outHeight; ++y) {
            int64_t iy = y * s.strideHeight + r - s.padTop;
            if (iy < 0 || iy >= s.height) {
              col = std::fill_n(col, s.outWidth, 0.0f);
              continue;
            }
            const float *row = image + (c * s.height + iy) * s.width;
            for (int64_t x = 0; x < s.outWidth; ++x) {
              int64_t ix = x * s.strideWidth + q - s.padLeft;
              *col++ = ix >= 0 && ix < s.width ? row[ix] : 0.0f;
            }
          }
  }

  ConvShape s;
  llvm::ArrayRef<float> input, weight, bias;
  std::vector<float> columns, output;
};

} // namespace

void convbench::useOneOpenBLASThread() { openblas_set_num_threads(1); }

std::unique_ptr<ConvImplementation>
convbench::createOpenBLASConv(const ConvProblem &problem) {
  return std::make_unique<OpenBLASConv>(problem);
}
