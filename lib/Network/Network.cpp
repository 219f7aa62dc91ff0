//===- Network.cpp - A network described layer by layer -------------------===//

#include "eie/Network/Network.h"
#include "eie/Support/JSONReader.h"
#include "eie/Support/Npy.h"
#include "eie/Support/SlidingWindow.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace eie::network;
using llvm::Expected;
using llvm::StringRef;

StringRef eie::network::getLayerKindName(LayerKind kind) {
  switch (kind) {
  case LayerKind::Conv2D:
    return "conv2d";
  case LayerKind::FC:
    return "fc";
  case LayerKind::ReLU:
    return "relu";
  case LayerKind::MaxPool2D:
    return "max_pool2d";
  case LayerKind::AvgPool2D:
    return "avg_pool2d";
  case LayerKind::LRN:
    return "lrn";
  case LayerKind::Flatten:
    return "flatten";
  case LayerKind::Softmax:
    return "softmax";
  }
  llvm_unreachable("unknown layer kind");
}

namespace {

/// Reads the fields of one JSON object, turning every problem into an error
/// that names the file and the object; checkKeys() then rejects the keys that
/// were never read.
class FieldReader {
public:
  FieldReader(const llvm::json::Object &object, std::string where,
              std::vector<StringRef> known)
      : object(object), where(std::move(where)), seen(std::move(known)) {}

  llvm::Error checkKeys() const {
    if (llvm::Error err = eie::checkJSONKeys(object, seen))
      return error(llvm::toString(std::move(err)));
    return llvm::Error::success();
  }

  llvm::Error error(const llvm::Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   where + ": " + message);
  }

  /// An integer field >= `minimum`; `fallback` when absent (nullopt: required).
  Expected<int64_t> integer(StringRef key, std::optional<int64_t> fallback,
                            int64_t minimum) const {
    Expected<const llvm::json::Value *> value = find(key, !fallback);
    if (!value)
      return value.takeError();
    if (!*value)
      return *fallback;
    return checkedInteger(**value, "field '" + key.str() + "'", minimum);
  }

  Expected<double> number(StringRef key, double fallback) const {
    const llvm::json::Value *value = get(key);
    if (!value)
      return fallback;
    Expected<double> result =
        eie::readFiniteNumber(*value, std::numeric_limits<double>::lowest(),
                              std::numeric_limits<double>::max());
    if (!result)
      return error("field '" + key + "': " + llvm::toString(result.takeError()));
    return *result;
  }

  Expected<bool> boolean(StringRef key, bool fallback) const {
    const llvm::json::Value *value = get(key);
    if (!value)
      return fallback;
    std::optional<bool> result = value->getAsBoolean();
    if (!result)
      return error("field '" + key + "' must be true or false");
    return *result;
  }

  /// An array of `size` integers >= `minimum` (any positive size when `size` is
  /// 0).
  Expected<std::vector<int64_t>>
  integers(StringRef key, size_t size,
           std::optional<std::vector<int64_t>> fallback,
           int64_t minimum) const {
    Expected<const llvm::json::Value *> value = find(key, !fallback);
    if (!value)
      return value.takeError();
    if (!*value)
      return *fallback;
    const llvm::json::Array *array = (*value)->getAsArray();
    if (!array || (size != 0 && array->size() != size) || array->empty())
      return error(llvm::formatv("field '{0}' must be an array of {1} integers",
                                 key,
                                 size ? std::to_string(size) : "one or more"));
    std::vector<int64_t> result;
    for (const llvm::json::Value &element : *array) {
      Expected<int64_t> number = checkedInteger(
          element, "each value of field '" + key.str() + "'", minimum);
      if (!number)
        return number.takeError();
      result.push_back(*number);
    }
    return result;
  }

private:
  /// The value of field `key` (null when absent), which becomes an allowed key.
  const llvm::json::Value *get(StringRef key) const {
    seen.push_back(key);
    return object.get(key);
  }

  /// The value of field `key`: null when it is absent and optional, an error
  /// when it is absent and required.
  Expected<const llvm::json::Value *> find(StringRef key, bool required) const {
    const llvm::json::Value *value = get(key);
    if (!value && required)
      return error("missing field '" + key + "'");
    return value;
  }

  /// `value` as an integer >= `minimum`; `subject` names it in errors.
  Expected<int64_t> checkedInteger(const llvm::json::Value &value,
                                   const std::string &subject,
                                   int64_t minimum) const {
    std::optional<int64_t> number = value.getAsInteger();
    if (!number)
      return error(subject + " must be an integer");
    if (*number < minimum)
      return error(llvm::formatv("{0} must be at least {1}, got {2}", subject,
                                 minimum, *number));
    return *number;
  }

  const llvm::json::Object &object;
  std::string where;
  /// The keys read so far (the allowed ones).
  mutable std::vector<StringRef> seen;
};

template <size_t N>
std::array<int64_t, N> toArray(const std::vector<int64_t> &values) {
  std::array<int64_t, N> result;
  std::copy(values.begin(), values.end(), result.begin());
  return result;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") + std::to_string(d);
  return s;
}

/// Output extent of a sliding window, or an error when the window does not fit.
Expected<int64_t> slide(const FieldReader &reader, StringRef axis,
                        int64_t input, int64_t padBefore, int64_t padAfter,
                        int64_t kernel, int64_t dilation, int64_t stride) {
  std::optional<eie::SlidingWindow> w =
      eie::makeSlidingWindow(input, padBefore, padAfter, kernel, dilation);
  if (!w)
    return reader.error("the padded input or the dilated window along " + axis +
                        " overflows 64-bit integers");
  if (!w->fits())
    return reader.error(
        llvm::formatv("window {0} {1} exceeds the padded input {0} {2}", axis,
                      w->window, w->padded));
  if (!w->strideFits(stride))
    return reader.error(
        llvm::formatv("stride {0} along {1} exceeds the padded input {1} {2}",
                      stride, axis, w->padded));
  return w->outputSize(stride);
}

/// Reads one layer's fields and derives its shapes from `input`.
llvm::Error parseLayer(const FieldReader &reader, Layer &layer,
                       const std::vector<int64_t> &input) {
  layer.inputShape = input;
  auto requireRank = [&](size_t rank) -> llvm::Error {
    if (input.size() != rank)
      return reader.error(llvm::formatv("{0} needs a rank-{1} input, got {2}",
                                        getLayerKindName(layer.kind), rank,
                                        shapeString(input)));
    return llvm::Error::success();
  };

  // Reads kernel, stride and padding of a windowed layer and derives its output
  // extent.
  auto parseWindow = [&](std::optional<std::vector<int64_t>> strideDefault,
                         std::array<int64_t, 2> &extent) -> llvm::Error {
    Expected<std::vector<int64_t>> kernel =
        reader.integers("kernel", 2, std::nullopt, 1);
    if (!kernel)
      return kernel.takeError();
    layer.kernel = toArray<2>(*kernel);
    Expected<std::vector<int64_t>> stride = reader.integers(
        "stride", 2, strideDefault ? strideDefault : *kernel, 1);
    if (!stride)
      return stride.takeError();
    layer.stride = toArray<2>(*stride);
    Expected<std::vector<int64_t>> padding =
        reader.integers("padding", 4, std::vector<int64_t>{0, 0, 0, 0}, 0);
    if (!padding)
      return padding.takeError();
    layer.padding = toArray<4>(*padding);
    for (unsigned axis = 0; axis < 2; ++axis) {
      Expected<int64_t> size =
          slide(reader, axis == 0 ? "height" : "width", input[2 + axis],
                layer.padding[axis], layer.padding[axis + 2],
                layer.kernel[axis], layer.dilation[axis], layer.stride[axis]);
      if (!size)
        return size.takeError();
      extent[axis] = *size;
    }
    return llvm::Error::success();
  };

  switch (layer.kind) {
  case LayerKind::Conv2D: {
    if (llvm::Error err = requireRank(4))
      return err;
    Expected<int64_t> outputs = reader.integer("out_channels", std::nullopt, 1);
    Expected<int64_t> groups = reader.integer("groups", 1, 1);
    Expected<bool> bias = reader.boolean("bias", true);
    Expected<std::vector<int64_t>> dilation =
        reader.integers("dilation", 2, std::vector<int64_t>{1, 1}, 1);
    if (!outputs || !groups || !bias || !dilation)
      return llvm::joinErrors(
          llvm::joinErrors(outputs.takeError(), groups.takeError()),
          llvm::joinErrors(bias.takeError(), dilation.takeError()));
    layer.outputs = *outputs;
    layer.groups = *groups;
    layer.hasBias = *bias;
    layer.dilation = toArray<2>(*dilation);
    if (input[1] % layer.groups != 0 || layer.outputs % layer.groups != 0)
      return reader.error(llvm::formatv("groups ({0}) must divide the input "
                                        "channels ({1}) and out_channels ({2})",
                                        layer.groups, input[1], layer.outputs));
    std::array<int64_t, 2> extent;
    if (llvm::Error err = parseWindow(std::vector<int64_t>{1, 1}, extent))
      return err;
    layer.weightShape = {layer.outputs, input[1] / layer.groups,
                         layer.kernel[0], layer.kernel[1]};
    layer.outputShape = {input[0], layer.outputs, extent[0], extent[1]};
    break;
  }
  case LayerKind::FC: {
    if (llvm::Error err = requireRank(2))
      return err;
    Expected<int64_t> outputs = reader.integer("out_features", std::nullopt, 1);
    Expected<bool> bias = reader.boolean("bias", true);
    if (!outputs || !bias)
      return llvm::joinErrors(outputs.takeError(), bias.takeError());
    layer.outputs = *outputs;
    layer.hasBias = *bias;
    layer.weightShape = {layer.outputs, input[1]};
    layer.outputShape = {input[0], layer.outputs};
    break;
  }
  case LayerKind::MaxPool2D:
  case LayerKind::AvgPool2D: {
    if (llvm::Error err = requireRank(4))
      return err;
    std::array<int64_t, 2> extent;
    if (llvm::Error err = parseWindow(std::nullopt, extent))
      return err;
    for (unsigned i = 0; i < 4; ++i)
      if (2 * layer.padding[i] > layer.kernel[i % 2])
        return reader.error("padding must be at most half the kernel");
    Expected<bool> includePad = reader.boolean("count_include_pad", false);
    if (!includePad)
      return includePad.takeError();
    layer.countIncludePad = *includePad;
    layer.outputShape = {input[0], input[1], extent[0], extent[1]};
    break;
  }
  case LayerKind::LRN: {
    if (llvm::Error err = requireRank(4))
      return err;
    Expected<int64_t> size = reader.integer("size", 5, 1);
    Expected<double> alpha = reader.number("alpha", 1e-4);
    Expected<double> beta = reader.number("beta", 0.75);
    Expected<double> k = reader.number("k", 1.0);
    if (!size || !alpha || !beta || !k)
      return llvm::joinErrors(
          llvm::joinErrors(size.takeError(), alpha.takeError()),
          llvm::joinErrors(beta.takeError(), k.takeError()));
    if (*size % 2 == 0)
      return reader.error("lrn size must be odd");
    if (*alpha < 0 || *beta < 0 || *k <= 0)
      return reader.error("lrn needs alpha >= 0, beta >= 0 and k > 0");
    layer.size = *size;
    layer.alpha = *alpha;
    layer.beta = *beta;
    layer.k = *k;
    layer.outputShape = input;
    break;
  }
  case LayerKind::Flatten: {
    if (input.size() < 2)
      return reader.error("flatten needs an input of rank 2 or more");
    // The element count was checked when the input was produced.
    layer.outputShape = {input[0], *eie::boundedNumElements(input) / input[0]};
    break;
  }
  case LayerKind::ReLU:
  case LayerKind::Softmax:
    layer.outputShape = input;
    break;
  }
  if (layer.hasWeights() && layer.hasBias)
    layer.biasShape = {layer.outputs};
  for (const std::vector<int64_t> *shape :
       {&layer.outputShape, &layer.weightShape}) {
    if (!eie::boundedNumElements(*shape))
      return reader.error(llvm::formatv(
          "a {0} tensor of this layer is too large (at most 2^{1} elements)",
          shapeString(*shape), eie::kMaxArrayElementsLog2));
  }
  return llvm::Error::success();
}

std::optional<LayerKind> parseLayerKind(StringRef name) {
  for (LayerKind kind :
       {LayerKind::Conv2D, LayerKind::FC, LayerKind::ReLU, LayerKind::MaxPool2D,
        LayerKind::AvgPool2D, LayerKind::LRN, LayerKind::Flatten,
        LayerKind::Softmax})
    if (getLayerKindName(kind) == name)
      return kind;
  return std::nullopt;
}

} // namespace

Expected<Network> eie::network::parseNetwork(StringRef json,
                                             StringRef fileName) {
  auto fail = [&](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   fileName + ": " + message);
  };
  Expected<llvm::json::Value> root = eie::parseJSON(json);
  if (!root)
    return fail(llvm::toString(root.takeError()));
  const llvm::json::Object *object = root->getAsObject();
  if (!object)
    return fail("the network description must be a JSON object");

  Network network;
  FieldReader top(*object, fileName.str(), {"name", "input", "layers"});
  if (llvm::Error err = top.checkKeys())
    return std::move(err);
  if (std::optional<StringRef> name = object->getString("name"))
    network.name = name->str();
  else
    return fail("missing string field 'name'");
  Expected<std::vector<int64_t>> input =
      top.integers("input", 0, std::nullopt, 1);
  if (!input)
    return input.takeError();
  network.inputShape = *input;
  if (!eie::boundedNumElements(network.inputShape))
    return fail(llvm::formatv("the input is too large (at most 2^{0} elements)",
                              eie::kMaxArrayElementsLog2)
                    .str());

  const llvm::json::Array *layers = object->getArray("layers");
  if (!layers || layers->empty())
    return fail("missing or empty array 'layers'");
  llvm::StringSet<> names;
  std::vector<int64_t> shape = network.inputShape;
  for (auto [index, value] : llvm::enumerate(*layers)) {
    std::string where = llvm::formatv("{0}: layer {1}", fileName, index).str();
    const llvm::json::Object *layerObject = value.getAsObject();
    if (!layerObject)
      return fail(
          llvm::formatv("layer {0} must be a JSON object", index).str());
    std::optional<StringRef> type = layerObject->getString("type");
    if (!type)
      return fail(
          llvm::formatv("layer {0} has no string field 'type'", index).str());
    std::optional<LayerKind> kind = parseLayerKind(*type);
    if (!kind)
      return fail(llvm::formatv(
                      "layer {0} has unknown type '{1}' (expected conv2d, fc, "
                      "relu, max_pool2d, avg_pool2d, lrn, flatten or softmax)",
                      index, *type)
                      .str());
    Layer layer;
    layer.kind = *kind;
    std::optional<StringRef> name = layerObject->getString("name");
    layer.name =
        name ? name->str()
             : llvm::formatv("{0}{1}", getLayerKindName(*kind), index).str();
    // Layer names become file names (--dump-weights, --weights).
    if (llvm::Error err = eie::checkFileName(layer.name))
      return fail(llvm::formatv("layer {0}: {1}", index,
                                llvm::toString(std::move(err)))
                      .str());
    if (!names.insert(layer.name).second)
      return fail("two layers are named '" + layer.name + "'");
    where += " ('" + layer.name + "')";
    FieldReader reader(*layerObject, where, {"type", "name"});
    if (llvm::Error err = parseLayer(reader, layer, shape))
      return std::move(err);
    if (llvm::Error err = reader.checkKeys())
      return std::move(err);
    shape = layer.outputShape;
    network.layers.push_back(std::move(layer));
  }
  return network;
}

Expected<Network> eie::network::loadNetwork(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(
        buffer.getError(),
        path + ": cannot read: " + buffer.getError().message());
  return parseNetwork((*buffer)->getBuffer(), path);
}
