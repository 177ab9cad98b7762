# Every dependency comes from a Debian package, except DuckDB, which scripts/setup.sh unpacks into
# .deps/duckdb from its official npm build (or DUCKDB_ROOT points at another install).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(simdjson REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
pkg_check_modules(VECTORSCAN REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)

set(DUCKDB_ROOT "${CMAKE_SOURCE_DIR}/.deps/duckdb" CACHE PATH "Where duckdb.h and libduckdb.so live")
find_path(DUCKDB_INCLUDE_DIR duckdb.h PATHS "${DUCKDB_ROOT}/include" NO_DEFAULT_PATH)
find_library(DUCKDB_LIBRARY duckdb PATHS "${DUCKDB_ROOT}/lib" NO_DEFAULT_PATH)
if(NOT DUCKDB_INCLUDE_DIR OR NOT DUCKDB_LIBRARY)
    message(FATAL_ERROR "DuckDB not found under ${DUCKDB_ROOT}; run scripts/setup.sh (make does it)")
endif()
add_library(tripline_duckdb SHARED IMPORTED GLOBAL)
set_target_properties(tripline_duckdb PROPERTIES
    IMPORTED_LOCATION "${DUCKDB_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${DUCKDB_INCLUDE_DIR}")

find_package(GTest)
find_package(benchmark)
