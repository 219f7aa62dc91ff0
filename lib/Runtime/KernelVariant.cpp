//===- KernelVariant.cpp - Layouts and instruction sets of the kernel -----===//

#include "eie/Runtime/KernelVariant.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdlib>

using namespace eie::runtime;

llvm::StringRef eie::runtime::kernelISAName(KernelISA isa) {
  switch (isa) {
  case KernelISA::Portable:
    return "portable";
  case KernelISA::AVX2:
    return "avx2";
  case KernelISA::AVX512:
    return "avx512";
  }
  llvm_unreachable("unknown kernel ISA");
}

std::optional<KernelISA> eie::runtime::parseKernelISA(llvm::StringRef name) {
  for (KernelISA isa :
       {KernelISA::Portable, KernelISA::AVX2, KernelISA::AVX512})
    if (kernelISAName(isa) == name)
      return isa;
  return std::nullopt;
}

bool eie::runtime::isKernelISASupported(KernelISA isa) {
  // Read once: the choice must not change under a running process.
  static const KernelISA cap = [] {
    const char *name = std::getenv(kMaxISAEnvVar);
    return name ? parseKernelISA(name).value_or(KernelISA::AVX512)
                : KernelISA::AVX512;
  }();
  if (isa > cap)
    return false;
  // The AVX-512 Panels kernels walk their leftover entries with the AVX2
  // walk, so AVX-512 needs the AVX2 set too (every AVX-512 CPU has it).
  const bool avx2 = __builtin_cpu_supports("avx2") &&
                    __builtin_cpu_supports("fma") &&
                    __builtin_cpu_supports("bmi");
  switch (isa) {
  case KernelISA::Portable:
    return true;
  case KernelISA::AVX2:
    return avx2;
  case KernelISA::AVX512:
    return avx2 && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw");
  }
  llvm_unreachable("unknown kernel ISA");
}

llvm::StringRef eie::runtime::layoutName(Layout layout) {
  switch (layout) {
  case Layout::Columns:
    return "columns";
  case Layout::Panels:
    return "panels";
  }
  llvm_unreachable("unknown layout");
}

llvm::StringRef eie::runtime::panelLeftoverName(PanelLeftover leftover) {
  switch (leftover) {
  case PanelLeftover::Walk:
    return "walk";
  case PanelLeftover::Rows:
    return "rows";
  }
  llvm_unreachable("unknown panel leftover");
}

llvm::ArrayRef<unsigned> eie::runtime::panelWidths(KernelISA isa) {
  static const unsigned avx2[] = {16, 32}, avx512[] = {32, 64, 128};
  switch (isa) {
  case KernelISA::Portable:
    return {};
  case KernelISA::AVX2:
    return avx2;
  case KernelISA::AVX512:
    return avx512;
  }
  llvm_unreachable("unknown kernel ISA");
}

bool eie::runtime::isPanelShape(KernelISA isa, unsigned width, unsigned steps) {
  return llvm::is_contained(panelWidths(isa), width) && steps != 0 &&
         steps % 2 == 0 && steps <= width;
}

llvm::ArrayRef<KernelVariant> eie::runtime::allKernelVariants() {
  static const KernelVariant variants[] = {
      {Layout::Columns, KernelISA::Portable},
      {Layout::Columns, KernelISA::AVX2},
      {Layout::Columns, KernelISA::AVX512},
      {Layout::Panels, KernelISA::AVX2},
      {Layout::Panels, KernelISA::AVX512},
  };
  return variants;
}

std::string eie::runtime::kernelVariantName(KernelVariant v) {
  return layoutName(v.layout).str() + "-" + kernelISAName(v.isa).str();
}

std::optional<KernelVariant>
eie::runtime::parseKernelVariant(llvm::StringRef name) {
  for (KernelVariant v : allKernelVariants())
    if (kernelVariantName(v) == name)
      return v;
  return std::nullopt;
}

std::string eie::runtime::kernelVariantNames() {
  return llvm::join(llvm::map_range(allKernelVariants(), kernelVariantName),
                    ", ");
}

llvm::Expected<KernelSpec> eie::runtime::parseKernelSpec(llvm::StringRef spec) {
  auto [head, leftover] = spec.split('/');
  auto [name, shape] = head.split(':');
  std::optional<KernelVariant> variant = parseKernelVariant(name);
  if (!variant)
    return llvm::createStringError(
        "'%s' names no kernel variant; expected one of %s (a panels "
        "variant may add its panel width or shape: panels-avx512:64x6)",
        name.str().c_str(), kernelVariantNames().c_str());
  KernelSpec result{*variant};
  if (spec.contains('/')) {
    if (variant->layout != Layout::Panels)
      return llvm::createStringError("'%s': %s has no leftover to place",
                                     spec.str().c_str(), name.str().c_str());
    for (PanelLeftover l : {PanelLeftover::Walk, PanelLeftover::Rows})
      if (leftover == panelLeftoverName(l))
        result.panelLeftover = l;
    if (!result.panelLeftover)
      return llvm::createStringError(
          "'%s': the leftover goes to /walk or /rows", spec.str().c_str());
  }
  if (!head.contains(':'))
    return result;
  if (variant->layout != Layout::Panels)
    return llvm::createStringError("'%s': %s has no panel shape",
                                   spec.str().c_str(), name.str().c_str());
  // Numbers as kernelSpecName writes them, so that a name is spelled one way.
  auto [width, steps] = shape.split('x');
  auto isNumber = [](llvm::StringRef n) {
    return !n.empty() && n.front() != '0' &&
           llvm::all_of(n, [](char c) { return llvm::isDigit(c); });
  };
  if (!isNumber(width) || (shape.contains('x') && !isNumber(steps)))
    return llvm::createStringError(
        "'%s': the panel shape is <width> or <width>x<steps>, in decimal",
        spec.str().c_str());
  llvm::ArrayRef<unsigned> widths = panelWidths(variant->isa);
  if (width.getAsInteger(10, result.panelWidth) ||
      !llvm::is_contained(widths, result.panelWidth)) {
    std::string valid = llvm::join(
        llvm::map_range(widths, [](unsigned w) { return std::to_string(w); }),
        ", ");
    return llvm::createStringError("'%s': the panel width is one of %s",
                                   spec.str().c_str(), valid.c_str());
  }
  if (shape.contains('x') &&
      (steps.getAsInteger(10, result.panelSteps) || result.panelSteps == 0 ||
       result.panelSteps % 2 || result.panelSteps > result.panelWidth))
    return llvm::createStringError(
        "'%s': the steps per panel are even, from 2 to the width",
        spec.str().c_str());
  return result;
}

std::string eie::runtime::kernelSpecName(KernelSpec spec) {
  std::string name = kernelVariantName(spec.variant);
  if (spec.panelWidth)
    name += ":" + std::to_string(spec.panelWidth);
  if (spec.panelSteps)
    name += "x" + std::to_string(spec.panelSteps);
  if (spec.panelLeftover)
    name += "/" + panelLeftoverName(*spec.panelLeftover).str();
  return name;
}
