# tripline_module(<name> SOURCES ... DEPS ...) declares the static library tripline_<name> for
# src/<name>/. Modules include each other as "<module>/<file>.h" from src/, and DEPS must only name
# lower layers (tools/check_layers.py enforces it on the includes). A module without sources yet
# (headers only) is an interface library.
function(tripline_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
    if(NOT ARG_SOURCES)
        add_library(tripline_${name} INTERFACE)
        target_include_directories(tripline_${name} INTERFACE "${PROJECT_SOURCE_DIR}/src")
        target_link_libraries(tripline_${name} INTERFACE ${ARG_DEPS})
        return()
    endif()
    add_library(tripline_${name} STATIC ${ARG_SOURCES})
    target_include_directories(tripline_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(tripline_${name} PUBLIC ${ARG_DEPS} PRIVATE tripline_warnings)
endfunction()
