# difflens_target_defaults(<target>): warnings-as-errors and shared flags for our own targets.
function(difflens_target_defaults target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${DIFFLENS_WERROR}>>:-Werror>)
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
endfunction()
