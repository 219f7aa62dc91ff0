//===- Layer.cpp - A conv layer as a 7-loop nest --------------------------===//

#include "eie/Analysis/Blocking/Layer.h"
#include "eie/Support/JSONReader.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace eie::blocking {

static const StringRef kLoopNames[kNumLoops] = {"N", "K", "C", "Y",
                                               "X", "R", "S"};
static const char *const kTensorNames[kNumTensors] = {"I", "W", "O"};

StringRef loopName(Loop l) { return kLoopNames[l]; }
StringRef tensorName(Tensor t) { return kTensorNames[t]; }

std::optional<Loop> parseLoopName(StringRef name) {
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (name == kLoopNames[l])
      return Loop(l);
  return std::nullopt;
}

bool dependsOn(Tensor t, Loop l) {
  switch (t) {
  case I:
    return l != K;
  case W:
    return l == K || l == C || l == R || l == S;
  case O:
    return l == N || l == K || l == Y || l == X;
  }
  return false;
}

int64_t footprint(const Layer &layer, const LoopVector &t, Tensor tensor) {
  switch (tensor) {
  case I:
    return t[N] * t[C] * ((t[Y] - 1) * layer.strideY + t[R]) *
           ((t[X] - 1) * layer.strideX + t[S]);
  case W:
    return t[K] * t[C] * t[R] * t[S];
  case O:
    return t[N] * t[K] * t[Y] * t[X];
  }
  return 0;
}

int64_t tileWords(const Layer &layer, const LoopVector &tile) {
  return footprint(layer, tile, I) + footprint(layer, tile, W) +
         footprint(layer, tile, O);
}

int64_t Layer::macs() const {
  int64_t m = 1;
  for (int64_t b : bounds)
    m *= b;
  return m;
}

int64_t Layer::tensorWords(Tensor t) const {
  return footprint(*this, bounds, t);
}

Error validateLayer(const Layer &layer) {
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (layer.bounds[l] < 1 || layer.bounds[l] > kMaxLoopBound)
      return createStringError(
          formatv("layer '{0}': bound {1} must be in [1, {2}], got {3}",
                  layer.name, kLoopNames[l], kMaxLoopBound, layer.bounds[l]));
  if (layer.strideY < 1 || layer.strideX < 1)
    return createStringError(
        formatv("layer '{0}': strides must be >= 1, got [{1}, {2}]", layer.name,
                layer.strideY, layer.strideX));
  // Access counts reach MACs * sy * sx words (input tiles with their halo), and
  // a few of those are added: keep them well inside int64_t.
  int64_t product = layer.strideY * layer.strideX;
  for (int64_t b : layer.bounds)
    if (__builtin_mul_overflow(product, b, &product) ||
        product > (int64_t(1) << 58))
      return createStringError(
          formatv("layer '{0}': too large, MACs x strides must be <= 2^58",
                  layer.name));
  return Error::success();
}

Expected<Layer> parseLayerSpec(StringRef bounds, StringRef stride,
                               StringRef name) {
  Layer layer;
  layer.name = name.str();
  SmallVector<StringRef> items;
  bounds.split(items, ',', -1, /*KeepEmpty=*/false);
  if (items.empty())
    return createStringError(
        "--layer: expected 'N=1,K=..,C=..,Y=..,X=..,R=..,S=..', got '" +
        bounds.str() + "'");
  std::array<bool, kNumLoops> seen{};
  for (StringRef item : items) {
    auto [key, value] = item.split('=');
    std::optional<Loop> loop = parseLoopName(key.trim());
    int64_t v;
    if (!loop)
      return createStringError(
          formatv("--layer: unknown loop '{0}' in '{1}' (expected one of "
                  "N, K, C, Y, X, R, S)",
                  key.trim(), item));
    if (value.trim().getAsInteger(10, v) || v < 1)
      return createStringError(
          formatv("--layer: bound of {0} must be an integer >= 1, got '{1}'",
                  key.trim(), value));
    if (seen[*loop])
      return createStringError(
          formatv("--layer: loop {0} given twice", key.trim()));
    seen[*loop] = true;
    layer.bounds[*loop] = v;
  }
  auto [sy, sx] = stride.split(',');
  if (sy.trim().getAsInteger(10, layer.strideY) ||
      sx.trim().getAsInteger(10, layer.strideX) || layer.strideY < 1 ||
      layer.strideX < 1)
    return createStringError(
        "--stride: expected 'sy,sx' with integers >= 1, got '" + stride.str() +
        "'");
  if (Error err = validateLayer(layer))
    return std::move(err);
  return layer;
}

Expected<Layer> layerFromJSON(const json::Value &value, StringRef where) {
  const json::Object *obj = value.getAsObject();
  if (!obj)
    return createStringError(where + ": expected a layer object");
  if (Error err = checkJSONKeys(*obj, {"name", "bounds", "stride"}))
    return createStringError(where + ": " + toString(std::move(err)));
  Layer layer;
  if (std::optional<StringRef> name = obj->getString("name"))
    layer.name = name->str();
  else
    return createStringError(where + ": missing string field \"name\"");
  const json::Object *bounds = obj->getObject("bounds");
  if (!bounds)
    return createStringError(where + " ('" + layer.name +
                             "'): missing object field \"bounds\"");
  if (Error err = checkJSONKeys(*bounds, kLoopNames))
    return createStringError(formatv("{0} ('{1}'): \"bounds\": {2}", where,
                                     layer.name, toString(std::move(err))));
  for (const auto &[key, v] : *bounds) {
    Loop loop = *parseLoopName(key);
    std::optional<int64_t> b = v.getAsInteger();
    if (!b || *b < 1)
      return createStringError(
          formatv("{0} ('{1}'): bound \"{2}\" must be an integer >= 1", where,
                  layer.name, key.str()));
    layer.bounds[loop] = *b;
  }
  if (const json::Value *stride = obj->get("stride")) {
    const json::Array *arr = stride->getAsArray();
    std::optional<int64_t> sy =
        arr && arr->size() == 2 ? (*arr)[0].getAsInteger() : std::nullopt;
    std::optional<int64_t> sx =
        arr && arr->size() == 2 ? (*arr)[1].getAsInteger() : std::nullopt;
    if (!sy || !sx || *sy < 1 || *sx < 1)
      return createStringError(
          where + " ('" + layer.name +
          "'): \"stride\" must be [sy, sx] with integers >= 1");
    layer.strideY = *sy;
    layer.strideX = *sx;
  }
  return layer;
}

Expected<std::vector<Layer>> parseLayerFile(StringRef text, StringRef fileName,
                                            StringRef network) {
  Expected<json::Value> root = parseJSON(text);
  if (!root)
    return createStringError(fileName + ": " + toString(root.takeError()));
  const json::Array *list = root->getAsArray();
  std::string listName = "layers";
  if (const json::Object *obj = root->getAsObject()) {
    // "_comment" documents a file (data/networks.json).
    if (Error err = checkJSONKeys(*obj, {"layers", "networks", "_comment"}))
      return createStringError(fileName + ": " + toString(std::move(err)));
    if (const json::Object *nets = obj->getObject("networks")) {
      if (network.empty())
        return createStringError(fileName +
                                 ": holds several networks, select one");
      list = nets->getArray(network);
      if (!list)
        return createStringError(fileName + ": no network \"" + network + "\"");
      listName = ("networks." + network).str();
    } else {
      list = obj->getArray("layers");
    }
  }
  if (!list)
    return createStringError(
        fileName +
        ": expected an array of layers or an object with \"layers\"");
  std::vector<Layer> layers;
  for (size_t i = 0; i < list->size(); ++i) {
    Expected<Layer> layer = layerFromJSON(
        (*list)[i], formatv("{0}: {1}[{2}]", fileName, listName, i).str());
    if (!layer)
      return layer.takeError();
    layers.push_back(std::move(*layer));
  }
  if (layers.empty())
    return createStringError(fileName + ": no layers");
  return layers;
}

} // namespace eie::blocking
