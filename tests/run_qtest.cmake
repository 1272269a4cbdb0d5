# Runs one Qt Test program for ctest and tells ctest whether it skipped anything (see
# difflens_add_test in tests/CMakeLists.txt).
#   cmake -DTEST=<program> [-DEXCLUDE=f1,f2] [-DONLY=f1,f2] -P run_qtest.cmake
# EXCLUDE: run every test function of the program except these (each must exist).
# ONLY: run just these test functions.
# A failing program fails the ctest test, skipped functions or not. A program that passed
# but printed Qt Test "SKIP   :" lines ends with the line "difflens-test: skipped N ...",
# which the test's SKIP_REGULAR_EXPRESSION matches, so ctest lists it as skipped. (A plain
# SKIP_REGULAR_EXPRESSION on "SKIP   :" would also report a program with a failure as
# skipped, hiding the failure.)
cmake_minimum_required(VERSION 3.20)

if(NOT TEST)
  message(FATAL_ERROR "run_qtest.cmake: TEST=<program> is required")
endif()

set(functions)
if(DEFINED ONLY AND NOT ONLY STREQUAL "")
  string(REPLACE "," ";" functions "${ONLY}")
elseif(DEFINED EXCLUDE AND NOT EXCLUDE STREQUAL "")
  string(REPLACE "," ";" excluded "${EXCLUDE}")
  execute_process(COMMAND "${TEST}" -functions OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run_qtest.cmake: ${TEST} -functions failed (${rc})")
  endif()
  string(REPLACE "\n" ";" listing "${listing}")
  set(all)
  foreach(line IN LISTS listing)
    string(STRIP "${line}" line)
    if(line MATCHES "^([A-Za-z_][A-Za-z0-9_]*)\\(\\)$")
      list(APPEND all "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  foreach(f IN LISTS excluded)
    if(NOT f IN_LIST all)
      message(FATAL_ERROR "run_qtest.cmake: ${TEST} has no test function ${f} (stale list in tests/CMakeLists.txt)")
    endif()
  endforeach()
  foreach(f IN LISTS all)
    if(NOT f IN_LIST excluded)
      list(APPEND functions "${f}")
    endif()
  endforeach()
  if(NOT functions)
    message(FATAL_ERROR "run_qtest.cmake: every test function of ${TEST} is excluded")
  endif()
endif()

execute_process(COMMAND "${TEST}" ${functions}
                OUTPUT_VARIABLE out ERROR_VARIABLE out
                ECHO_OUTPUT_VARIABLE ECHO_ERROR_VARIABLE
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "difflens-test: ${TEST} failed (${rc})")
endif()
string(REGEX MATCHALL "SKIP   : [^\n]*" skips "${out}")
list(LENGTH skips count)
if(count GREATER 0)
  message("difflens-test: skipped ${count} test function(s) or data row(s); the rest passed")
endif()
