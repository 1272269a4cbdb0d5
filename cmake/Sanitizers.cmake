# Sanitizer and fuzzing instrumentation for everything this project compiles (libraries,
# apps, tests, fuzz targets). Third-party libraries (Qt, OpenCV, LibTorch, libpng...) are
# not rebuilt, so they stay uninstrumented; see docs/hardening.md for the runtime options.
#
#   DIFFLENS_SANITIZE=ON  -fsanitize=address,undefined, every finding fatal (g++ or clang)
#   DIFFLENS_FUZZ=ON      clang only: libraries with -fsanitize=fuzzer-no-link,address,undefined;
#                         the targets in fuzz/ link the libFuzzer driver (-fsanitize=fuzzer)
set(DIFFLENS_SANITIZER_FLAGS "")
if(DIFFLENS_SANITIZE OR DIFFLENS_FUZZ)
  list(APPEND DIFFLENS_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -fno-omit-frame-pointer -g1) # -g1: line tables for the reports, small objects
endif()
if(DIFFLENS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DIFFLENS_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  list(APPEND DIFFLENS_SANITIZER_FLAGS -fsanitize=fuzzer-no-link)
endif()
if(DIFFLENS_SANITIZER_FLAGS)
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:${DIFFLENS_SANITIZER_FLAGS}>")
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "DiffLens instrumentation: ${DIFFLENS_SANITIZER_FLAGS}")
endif()
