# Makes the IMPORTED target vaco::mujoco from the PyPI mujoco wheel in the venv (preferred: the
# same library gymnasium uses) or from Debian's libmujoco-dev. The wheel ships only a
# versioned libmujoco.so.X.Y.Z, so we link that file and add its folder to the RPATH.
set(_mj_found FALSE)
if(VACO_PYTHON_SITE AND EXISTS "${VACO_PYTHON_SITE}/mujoco/include/mujoco/mujoco.h")
  file(GLOB _mj_libs "${VACO_PYTHON_SITE}/mujoco/libmujoco.so.*")
  if(_mj_libs)
    list(GET _mj_libs 0 _mj_lib)
    add_library(vaco_mujoco SHARED IMPORTED GLOBAL)
    set_target_properties(vaco_mujoco PROPERTIES
      IMPORTED_LOCATION "${_mj_lib}"
      IMPORTED_NO_SONAME FALSE
      INTERFACE_INCLUDE_DIRECTORIES "${VACO_PYTHON_SITE}/mujoco/include")
    get_filename_component(VACO_MUJOCO_LIBDIR "${_mj_lib}" DIRECTORY)
    set(_mj_found TRUE)
    message(STATUS "MuJoCo (wheel): ${_mj_lib}")
  endif()
endif()
if(NOT _mj_found)
  find_package(mujoco QUIET)
  if(TARGET mujoco::mujoco)
    add_library(vaco_mujoco INTERFACE IMPORTED GLOBAL)
    target_link_libraries(vaco_mujoco INTERFACE mujoco::mujoco)
    set(_mj_found TRUE)
    message(STATUS "MuJoCo (system): ${mujoco_VERSION}")
  endif()
endif()
if(_mj_found)
  add_library(vaco::mujoco ALIAS vaco_mujoco)
else()
  message(WARNING "MuJoCo not found (no wheel in VACO_PYTHON_SITE, no system package); "
                  "building without the MuJoCo environments")
  set(VACO_WITH_MUJOCO OFF CACHE BOOL "" FORCE)
endif()
