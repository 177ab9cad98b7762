// Conformance handlers: one per case kind ("json-path", "pattern", ...). A handler runs a case and
// returns its actual output, which the runner compares with the case's expected block (and writes
// back with --rewrite). Modules register handlers in tests/conformance/<module>/*_handlers.cpp:
//
//   TRIPLINE_CONFORMANCE_HANDLER("json-path", [](const tripline::testing::Case& c) { ... });
#pragma once

#include <functional>
#include <map>
#include <string>

#include "case_file.h"

namespace tripline::testing {

using CaseHandler = std::function<std::string(const Case&)>;

std::map<std::string, CaseHandler>& case_handlers();

struct CaseHandlerRegistration {
    CaseHandlerRegistration(const char* kind, CaseHandler handler) {
        case_handlers()[kind] = std::move(handler);
    }
};

}  // namespace tripline::testing

#define TRIPLINE_CONFORMANCE_CONCAT_INNER(a, b) a##b
#define TRIPLINE_CONFORMANCE_CONCAT(a, b) TRIPLINE_CONFORMANCE_CONCAT_INNER(a, b)
#define TRIPLINE_CONFORMANCE_HANDLER(kind, ...)                                            \
    static const ::tripline::testing::CaseHandlerRegistration TRIPLINE_CONFORMANCE_CONCAT( \
        tripline_case_handler_, __LINE__)(kind, __VA_ARGS__)
