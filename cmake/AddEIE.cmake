# Helpers for declaring the project's libraries so that they install and export uniformly: every
# library lands in the EIETargets export set, usable from another project via find_package(EIE).

# eie_add_library(name SOURCES... [DEPENDS tablegen-targets...] [LINK_LIBS libs...]
#                 [MLIR])
# A library is linked against libMLIR.so when MLIR is given, and against libLLVM.so otherwise: the
# MLIR-free cores (model, format, simulator) must not include MLIR (shared/STYLE.md).
function(eie_add_library name)
  cmake_parse_arguments(ARG "MLIR" "" "DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${EIE_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${EIE_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  if(ARG_MLIR)
    target_link_libraries(${name} PUBLIC MLIR LLVM ${ARG_LINK_LIBS})
  else()
    target_link_libraries(${name} PUBLIC LLVM ${ARG_LINK_LIBS})
  endif()
  llvm_update_compile_flags(${name})
  # Instrumented archives need the sanitizer runtimes in whatever links them: an installed
  # consumer gets the flag with the library (in the tree, add_link_options gives it to everything).
  if(EIE_ENABLE_SANITIZERS)
    target_link_options(${name} INTERFACE $<INSTALL_INTERFACE:-fsanitize=address,undefined>)
  endif()
  install(TARGETS ${name} EXPORT EIETargets ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
  set_property(GLOBAL APPEND PROPERTY EIE_ALL_LIBS ${name})
endfunction()

# eie_add_tool(name SOURCES... LINK_LIBS libs...)
function(eie_add_tool name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS;DEPENDS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${EIE_TOOLS_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  llvm_update_compile_flags(${name})
  install(TARGETS ${name} EXPORT EIETargets RUNTIME DESTINATION bin)
  set_property(GLOBAL APPEND PROPERTY EIE_ALL_TOOLS ${name})
endfunction()

# eie_add_unittest(name SOURCES... LINK_LIBS libs...): a GoogleTest binary, run by lit
# (test/Unit) as part of check-eie.
function(eie_add_unittest name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${EIE_BINARY_DIR}/unittests/bin)
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS} GTest::gtest GTest::gtest_main)
  set_property(GLOBAL APPEND PROPERTY EIE_UNITTESTS ${name})
endfunction()

# eie_add_doc(td-file-stem output-name tablegen-args...): Markdown documentation generated from the
# ODS descriptions into <build>/docs/, built by `ninja eie-doc`.
function(eie_add_doc td_stem output)
  set(LLVM_TARGET_DEFINITIONS ${td_stem}.td)
  mlir_tablegen(${output}.md ${ARGN})
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${output}.md)
  set(dest ${EIE_BINARY_DIR}/docs/${output}.md)
  add_custom_command(OUTPUT ${dest}
    COMMAND ${CMAKE_COMMAND} -E copy ${generated} ${dest}
    DEPENDS ${generated})
  add_custom_target(eie-doc-${output} DEPENDS ${dest})
  add_dependencies(eie-doc eie-doc-${output})
endfunction()
