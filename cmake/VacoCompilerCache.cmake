# Routes compiles through ccache when it is installed. The sloppiness settings let ccache
# cache translation units that use the precompiled torch header; BASEDIR and NOHASHDIR let a
# fresh clone elsewhere (as CI makes) reuse the cache.
find_program(VACO_CCACHE ccache)
if(VACO_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(_launcher "${CMAKE_COMMAND}" -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" "CCACHE_NOHASHDIR=true"
      "${VACO_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER ${_launcher})
  set(CMAKE_C_COMPILER_LAUNCHER ${_launcher})
  message(STATUS "ccache: ${VACO_CCACHE}")
endif()
