//===- DataDirectory.cpp - Where the shipped data files are ---------------===//

#include "eie/Support/DataDirectory.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace llvm;

std::string eie::dataDirectory(StringRef subdir, StringRef argv0) {
  if (std::optional<std::string> env = sys::Process::GetEnv("EIE_DATA_DIR")) {
    SmallString<256> dir(*env);
    sys::path::append(dir, subdir);
    return std::string(dir);
  }
  // Installed layout: <prefix>/bin/<tool> and <prefix>/share/eie/<subdir>.
  std::string exe = sys::fs::getMainExecutable(
      argv0.str().c_str(), reinterpret_cast<void *>(&dataDirectory));
  SmallString<256> installed(
      sys::path::parent_path(sys::path::parent_path(exe)));
  sys::path::append(installed, "share", "eie", subdir);
  SmallString<256> source(EIE_SOURCE_DATA_DIR);
  sys::path::append(source, subdir);
  if (sys::fs::is_directory(installed) || !sys::fs::is_directory(source))
    return std::string(installed);
  return std::string(source);
}
