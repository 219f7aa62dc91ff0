# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "EIE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".py"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.eie_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%PYTHON", config.python_executable))
# Under EIE_ENABLE_SANITIZERS the libraries are instrumented by clang's ASan + UBSan: C programs
# that link the runtime archives (eie-compile's link line) are linked by clang, and the
# uninstrumented interpreter loads the ASan runtime (which carries UBSan's) before the eie
# extension module (test/python/lit.local.cfg).
import subprocess
config.eie_python = config.python_executable
if config.eie_sanitizers:
    config.c_compiler = config.cxx_compiler.replace("clang++", "clang")
    asan_runtime = subprocess.check_output(
        [config.cxx_compiler, "-print-file-name=libclang_rt.asan-x86_64.so"], text=True).strip()
    config.eie_python = "env LD_PRELOAD=%s %s" % (asan_runtime, config.python_executable)
else:
    config.c_compiler = "cc"
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%eie_src_root", config.eie_src_root))
config.substitutions.append(("%eie_obj_root", config.eie_obj_root))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%generator", config.cmake_generator))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%mlir_dir", config.mlir_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.eie_tools_dir, config.llvm_tools_dir]
tools = [
    "eie-opt",
    ToolSubst("eie-run", unresolved="ignore"),
    ToolSubst("eie-compile", unresolved="ignore"),
    ToolSubst("eie-translate", unresolved="ignore"),
    ToolSubst("eie-sim", unresolved="ignore"),
    ToolSubst("eie-sim-experiment", unresolved="ignore"),
    ToolSubst("eie-netgen", unresolved="ignore"),
    ToolSubst("eie-block", unresolved="ignore"),
    ToolSubst("eie-bench-sparse", unresolved="ignore"),
    ToolSubst("eie-bench-conv", unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.eie_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# numpy belongs to the system interpreter (shared/TOOLCHAIN.md); tests that need it say so.
if subprocess.call([config.python_executable, "-c", "import numpy"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("numpy")

# The eie Python package (python/), built where pybind11 is; tests import it from the build tree.
import glob
if config.eie_python_packages_dir and glob.glob(
        os.path.join(config.eie_python_packages_dir, "eie", "_eie*.so")):
    config.available_features.add("python-bindings")
    llvm_config.with_environment("PYTHONPATH", config.eie_python_packages_dir,
                                 append_path=True)
    for module in ("onnx", "torch", "torchvision"):
        if subprocess.call([config.python_executable, "-c", "import " + module],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
            config.available_features.add(module)

# The sparse benchmark is built only where Eigen and OpenBLAS are.
if os.path.exists(os.path.join(config.eie_tools_dir, "eie-bench-sparse")):
    config.available_features.add("bench-sparse")
# The conv benchmark is built only where OpenBLAS and oneDNN are.
if os.path.exists(os.path.join(config.eie_tools_dir, "eie-bench-conv")):
    config.available_features.add("bench-conv")
