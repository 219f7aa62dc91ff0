//===- EIEModule.cpp - The _eie extension module (pybind11) ---------------===//
//
// Converts between Python objects and the functions of Compiler.h; every
// llvm::Error becomes an eie.CompilerError carrying its message. Nothing here
// decides anything about compilation.
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"

#include "eie/InitAllDialects.h"
#include "eie/Runner/JitFunction.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

namespace py = pybind11;
using namespace mlir::eie::python;
using mlir::eie::JitFunction;

namespace {

/// The C++ side of eie.CompilerError.
struct CompilerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename T> T unwrap(llvm::Expected<T> value) {
  if (!value)
    throw CompilerError(llvm::toString(value.takeError()));
  return std::move(*value);
}

void check(llvm::Error error) {
  if (error)
    throw CompilerError(llvm::toString(std::move(error)));
}

/// A C-contiguous array of a dtype the runner supports, as an NpyArray (a
/// copy: the compiled code then never sees Python's memory).
::eie::NpyArray toNpy(const py::handle &object, const std::string &what) {
  py::array array = py::array::ensure(object, py::array::c_style);
  if (!array)
    throw py::type_error(what + " is not an array (got " +
                         std::string(py::str(py::type::of(object))) + ")");
  std::string descr = py::str(array.dtype().attr("str"));
  std::optional<::eie::DType> dtype = ::eie::parseDTypeDescr(descr);
  if (!dtype)
    throw py::type_error(what + " has dtype " +
                         std::string(py::str(array.dtype())) +
                         ", expected float32, float64, int8, int16, int32, "
                         "int64 or uint8");
  llvm::SmallVector<int64_t, 4> shape(array.shape(),
                                      array.shape() + array.ndim());
  ::eie::NpyArray npy(*dtype, shape);
  std::memcpy(npy.getData(), array.data(), npy.getNumBytes());
  return npy;
}

py::array fromNpy(const ::eie::NpyArray &npy) {
  py::dtype dtype(std::string(::eie::getDTypeDescr(npy.getDType())));
  std::vector<py::ssize_t> shape(npy.getShape().begin(), npy.getShape().end());
  py::array array(dtype, shape);
  std::memcpy(array.mutable_data(), npy.getData(), npy.getNumBytes());
  return array;
}

std::unique_ptr<CompilerModule> parseModule(const py::object &source,
                                            const std::string &name,
                                            const py::dict &weights) {
  std::string text;
  if (py::isinstance<py::bytes>(source))
    text = source.cast<std::string>();
  else if (py::isinstance<py::str>(source))
    text = source.cast<std::string>();
  else
    throw py::type_error("module source must be str or bytes");
  // The arrays stay referenced here while the parser copies them.
  std::vector<py::array> arrays;
  std::vector<WeightData> data;
  for (auto [key, value] : weights) {
    std::string weightName = py::str(key);
    py::array array = py::array::ensure(value, py::array::c_style);
    if (!array)
      throw py::type_error("weight '" + weightName + "' is not an array");
    arrays.push_back(array);
    data.push_back({weightName, array.data(), size_t(array.nbytes())});
  }
  py::gil_scoped_release release;
  return unwrap(CompilerModule::parse(text, name, data));
}

py::dict signatureToPython(const mlir::eie::FunctionSignature &signature) {
  auto arrays = [](llvm::ArrayRef<mlir::eie::ArraySignature> list) {
    py::list out;
    for (const mlir::eie::ArraySignature &a : list)
      out.append(py::make_tuple(std::string(::eie::getDTypeName(a.dtype)),
                                py::tuple(py::cast(std::vector<int64_t>(
                                    a.shape.begin(), a.shape.end())))));
    return out;
  };
  py::dict out;
  out["name"] = signature.name;
  out["arguments"] = arrays(signature.arguments);
  out["results"] = arrays(signature.results);
  return out;
}

} // namespace

PYBIND11_MODULE(_eie, m) {
  m.doc() = "The EIE compiler's C++ libraries (use the `eie` package)";
  // The global pass registry, for Module.run_passes' textual pipelines. (Not
  // retainFreedMemory(): the allocator is the host process's to configure.)
  mlir::eie::registerAllPasses();

  py::register_exception<CompilerError>(m, "CompilerError", PyExc_RuntimeError);

  py::class_<CompilerModule>(m, "Module")
      .def_static("parse", &parseModule, py::arg("source"),
                  py::arg("name") = "<string>", py::arg("weights") = py::dict())
      .def_static(
          "parse_file",
          [](const std::string &path) {
            py::gil_scoped_release release;
            return unwrap(CompilerModule::parseFile(path));
          },
          py::arg("path"))
      .def("copy",
           [](const CompilerModule &self) {
             py::gil_scoped_release release;
             return unwrap(self.copy());
           })
      .def("text", &CompilerModule::text, py::arg("large_elements_limit") = -1,
           py::call_guard<py::gil_scoped_release>())
      .def(
          "bytecode",
          [](const CompilerModule &self) { return py::bytes(self.bytecode()); })
      .def(
          "run_passes",
          [](CompilerModule &self, const std::string &pipeline) {
            py::gil_scoped_release release;
            check(self.runPasses(pipeline));
          },
          py::arg("pipeline"))
      .def("function_names", &CompilerModule::functionNames)
      .def(
          "contains_dialect",
          [](const CompilerModule &self, const std::string &dialect) {
            return self.containsDialect(dialect);
          },
          py::arg("dialect"));

  py::class_<JitFunction>(m, "JitFunction")
      .def_property_readonly("signature",
                             [](const JitFunction &self) {
                               return signatureToPython(self.getSignature());
                             })
      .def("__call__", [](JitFunction &self, const py::args &args) {
        std::vector<::eie::NpyArray> inputs;
        for (auto [i, arg] : llvm::enumerate(args))
          inputs.push_back(toNpy(arg, "argument " + std::to_string(i)));
        llvm::Expected<llvm::SmallVector<::eie::NpyArray>> results = [&] {
          py::gil_scoped_release release;
          return self.call(inputs);
        }();
        llvm::SmallVector<::eie::NpyArray> outputs = unwrap(std::move(results));
        py::list out;
        for (const ::eie::NpyArray &result : outputs)
          out.append(fromNpy(result));
        return out;
      });

  m.def(
      "compile_x86",
      [](const CompilerModule &module, const std::string &entry,
         const std::string &pipeline) {
        py::gil_scoped_release release;
        return unwrap(compileX86(module, entry, pipeline));
      },
      py::arg("module"), py::arg("entry"), py::arg("pipeline"));
  m.def(
      "compression_report",
      [](const CompilerModule &module) {
        return unwrap(compressionReport(module));
      },
      py::arg("module"));
  m.def(
      "compressed_weights",
      [](const CompilerModule &module) {
        std::vector<DecodedLayer> layers =
            unwrap(compressedWeights(module));
        py::list out;
        for (const DecodedLayer &layer : layers) {
          py::array_t<float> weights({layer.rows, layer.cols});
          std::copy(layer.weights.begin(), layer.weights.end(),
                    weights.mutable_data());
          out.append(py::make_tuple(layer.name, weights));
        }
        return out;
      },
      py::arg("module"));
  m.def(
      "compile_eie",
      [](const CompilerModule &module, const std::string &machine) {
        std::string bytes = [&] {
          py::gil_scoped_release release;
          return unwrap(compileEIE(module, machine));
        }();
        return py::bytes(bytes);
      },
      py::arg("module"), py::arg("machine"));
  m.def(
      "simulate",
      [](const py::bytes &stream, const py::handle &input,
         const std::string &machine, uint64_t maxCycles) {
        std::string bytes = stream;
        ::eie::NpyArray array = toNpy(input, "input");
        SimulationResult result = [&] {
          py::gil_scoped_release release;
          return unwrap(
              simulate(llvm::ArrayRef<uint8_t>(
                           reinterpret_cast<const uint8_t *>(bytes.data()),
                           bytes.size()),
                       array, machine, maxCycles));
        }();
        py::array_t<float> output(result.output.size());
        std::copy(result.output.begin(), result.output.end(),
                  output.mutable_data());
        py::array_t<int16_t> raw(result.rawOutput.size());
        std::copy(result.rawOutput.begin(), result.rawOutput.end(),
                  raw.mutable_data());
        return py::make_tuple(output, raw, result.outputFracBits,
                              result.reportJSON);
      },
      py::arg("stream"), py::arg("input"), py::arg("machine") = "",
      py::arg("max_cycles") = 0);
  m.def(
      "optimize_layer_blocking",
      [](const std::string &bounds, const std::string &strides,
         const std::string &name, const std::string &arch) {
        py::gil_scoped_release release;
        return unwrap(optimizeLayerBlocking(bounds, strides, name, arch));
      },
      py::arg("bounds"), py::arg("strides"), py::arg("name"), py::arg("arch"));
  m.def(
      "optimize_module_blocking",
      [](const CompilerModule &module, const std::string &arch) {
        py::gil_scoped_release release;
        return unwrap(optimizeModuleBlocking(module, arch));
      },
      py::arg("module"), py::arg("arch"));
}
