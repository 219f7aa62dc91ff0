//===- DataDirectory.h - Where the shipped data files are -------*- C++ -*-===//
//
// The architecture presets (data/arch) and machine descriptions
// (data/machine) ship with the tools; every library that reads them finds them
// here. MLIR-free.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SUPPORT_DATADIRECTORY_H
#define EIE_SUPPORT_DATADIRECTORY_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace eie {

/// The folder `subdir` of the shipped data: $EIE_DATA_DIR/<subdir> if set,
/// else <prefix>/share/eie/<subdir> when the running executable (`argv0`) is
/// installed in <prefix>/bin, else the source tree's data/<subdir>.
std::string dataDirectory(llvm::StringRef subdir, llvm::StringRef argv0 = "");

} // namespace eie

#endif // EIE_SUPPORT_DATADIRECTORY_H
