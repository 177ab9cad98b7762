# Tripline: `make run` sets up, builds and starts the service; `make test` sets up, builds and runs
# the whole test suite. Both work on a fresh Debian 12 machine.
.PHONY: run test test-dev setup build build-dev format check-layers clean

# WERROR=ON|OFF sets -Werror; unset, the build keeps whatever it was configured with (no rebuild).
WERROR ?=
CMAKE_FLAGS := $(if $(WERROR),-DTRIPLINE_WERROR=$(WERROR),)
JOBS ?= $(shell nproc)
DATA_DIR ?= ./var
LISTEN ?= 127.0.0.1:4566

setup:
	@scripts/setup.sh

build: setup
	@cmake --preset release $(CMAKE_FLAGS) >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-dev: setup
	@cmake --preset dev $(CMAKE_FLAGS) >/dev/null
	@cmake --build --preset dev -j $(JOBS)

run: build
	@echo "Starting Tripline (data dir $(DATA_DIR), API on http://$(LISTEN)); Ctrl-C stops it." >&2
	@build/release/tripline serve --data-dir $(DATA_DIR) --listen $(LISTEN)

test: build check-layers
	@ctest --preset release -j $(JOBS)

test-dev: build-dev
	@ctest --preset dev -j $(JOBS)

check-layers:
	@python3 tools/check_layers.py

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf build
