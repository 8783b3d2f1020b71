# Finds libtorch (the PyPI wheel's, or any libtorch >= 2.1 given with -DTorch_DIR) and makes
# the target vaco::torch. With the CUDA wheel, ld must see the wheel's own NVIDIA libraries
# before the system CUDA toolkit's older libnccl, hence the -rpath-link flags.
find_package(Torch REQUIRED)
if(Torch_VERSION VERSION_LESS 2.1)
  message(FATAL_ERROR "libtorch ${Torch_VERSION} found; VACO Studio needs 2.1 or newer")
endif()

set(_vaco_rpath_link "")
get_filename_component(_torch_root "${TORCH_INSTALL_PREFIX}" ABSOLUTE)
file(GLOB _nvidia_libdirs LIST_DIRECTORIES true "${_torch_root}/../nvidia/*/lib")
foreach(_d IN LISTS _nvidia_libdirs)
  if(IS_DIRECTORY "${_d}")
    string(APPEND _vaco_rpath_link ":${_d}")
  endif()
endforeach()

add_library(vaco_torch INTERFACE)
add_library(vaco::torch ALIAS vaco_torch)
target_link_libraries(vaco_torch INTERFACE ${TORCH_LIBRARIES})
if(_vaco_rpath_link)
  string(SUBSTRING "${_vaco_rpath_link}" 1 -1 _vaco_rpath_link)
  target_link_options(vaco_torch INTERFACE "LINKER:-rpath-link,${_vaco_rpath_link}")
endif()
set(VACO_TORCH_LIBDIR "${_torch_root}/lib")
message(STATUS "libtorch ${Torch_VERSION} at ${_torch_root}")
