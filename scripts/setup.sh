#!/usr/bin/env bash
# Installs everything Tripline needs to build and test on Debian 12: Debian packages (only the missing
# ones, quietly when all are present) and DuckDB's official build from the npm registry (header and
# libduckdb.so, unpacked into .deps/, checked by version). Idempotent; safe to run on every `make`.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
duckdb_version=1.4.4
duckdb_bindings_version=1.4.4-r.4
deps_dir="$here/.deps"
duckdb_dir="$deps_dir/duckdb"

packages=(
    build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev clang-format
    libsimdjson-dev nlohmann-json3-dev libcpp-httplib-dev libcurl4-openssl-dev libssl-dev
    libsqlite3-dev libre2-dev libvectorscan-dev libdeflate-dev zlib1g-dev libarchive-dev
    libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
    libbenchmark-dev python3 python3-aiosmtpd nodejs npm awscli ripgrep
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    # nodejs/npm may come from outside Debian (e.g. nodesource); accept any working npm.
    if command -v npm >/dev/null 2>&1; then
        filtered=()
        for p in "${missing[@]}"; do
            case "$p" in nodejs | npm) ;; *) filtered+=("$p") ;; esac
        done
        missing=("${filtered[@]+"${filtered[@]}"}")
    fi
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

stamp="$duckdb_dir/VERSION"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$duckdb_bindings_version" ] ||
    [ ! -f "$duckdb_dir/lib/libduckdb.so" ] || [ ! -f "$duckdb_dir/include/duckdb.h" ]; then
    echo "setup: fetching DuckDB $duckdb_version from the npm registry" >&2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "duckdb@$duckdb_version" \
        "@duckdb/node-bindings-linux-x64@$duckdb_bindings_version" >/dev/null)
    mkdir -p "$work/header" "$work/lib"
    tar -xzf "$work/duckdb-$duckdb_version.tgz" -C "$work/header" \
        package/src/duckdb/src/include/duckdb.h package/LICENSE
    tar -xzf "$work/duckdb-node-bindings-linux-x64-$duckdb_bindings_version.tgz" -C "$work/lib" \
        package/libduckdb.so package/LICENSE
    rm -rf "$duckdb_dir"
    mkdir -p "$duckdb_dir/include" "$duckdb_dir/lib"
    cp "$work/header/package/src/duckdb/src/include/duckdb.h" "$duckdb_dir/include/"
    cp "$work/lib/package/libduckdb.so" "$duckdb_dir/lib/"
    cp "$work/header/package/LICENSE" "$duckdb_dir/LICENSE"
    echo "$duckdb_bindings_version" >"$stamp"
fi
