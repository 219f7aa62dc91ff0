# Install the headers (sources and generated .inc) and a CMake package so that another MLIR project
# can `find_package(EIE)` and link EIE::<library>.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${EIE_SOURCE_DIR}/include/eie DESTINATION include
        FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${EIE_BINARY_DIR}/include/eie DESTINATION include
        FILES_MATCHING PATTERN "*.inc" PATTERN "*.h")

set(EIE_INSTALL_CMAKE_DIR lib/cmake/eie)
install(EXPORT EIETargets NAMESPACE EIE:: DESTINATION ${EIE_INSTALL_CMAKE_DIR})
configure_package_config_file(${EIE_SOURCE_DIR}/cmake/EIEConfig.cmake.in
  ${EIE_BINARY_DIR}/lib/cmake/eie/EIEConfig.cmake
  INSTALL_DESTINATION ${EIE_INSTALL_CMAKE_DIR})
write_basic_package_version_file(${EIE_BINARY_DIR}/lib/cmake/eie/EIEConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${EIE_BINARY_DIR}/lib/cmake/eie/EIEConfig.cmake
              ${EIE_BINARY_DIR}/lib/cmake/eie/EIEConfigVersion.cmake
        DESTINATION ${EIE_INSTALL_CMAKE_DIR})
