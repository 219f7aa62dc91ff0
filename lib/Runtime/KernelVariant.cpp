//===- KernelVariant.cpp - Layouts and instruction sets of the kernel -----===//

#include "eie/Runtime/KernelVariant.h"

#include "llvm/ADT/STLExtras.h"
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
  std::string names;
  for (KernelVariant v : allKernelVariants())
    names += (names.empty() ? "" : ", ") + kernelVariantName(v);
  return names;
}
