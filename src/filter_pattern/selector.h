// JSON selectors (`$.a.b`, `$.arr[0][1]`, `$.arr[*].x`, `$.*`, `$.['cluster.name']`) and their
// resolution against a parsed message. Names are letters, digits, `_`, `-` and `@`; a key with
// other characters (a dot, a space) is written in brackets: `['a.b']` or `.['a.b']`. At most one
// wildcard per selector (documented). Resolution follows objects by key and arrays by index; a
// wildcard visits every member of an object or element of an array. Pure; thread-safe.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <vector>

#include "base/result.h"
#include "filter_pattern/syntax.h"

namespace tripline::filter_pattern::detail {

struct SelectorStep {
    enum class Kind { kKey, kIndex, kWildcard };
    Kind kind = Kind::kKey;
    std::string key;
    std::size_t index = 0;
};

struct Selector {
    std::string text;  // as written
    std::vector<SelectorStep> steps;
    bool has_wildcard = false;
};

// Parses a selector at the cursor (on the '$').
Result<Selector> parse_selector(Cursor& cursor);

// Calls visit(element) for every element the selector reaches under `root`, stopping early when
// visit returns true; returns whether some call returned true.
template <typename Visit>
bool resolve(const std::vector<SelectorStep>& steps,
             std::size_t i,
             simdjson::dom::element element,
             Visit& visit) {
    if (i == steps.size()) {
        return visit(element);
    }
    const SelectorStep& step = steps[i];
    switch (step.kind) {
        case SelectorStep::Kind::kKey: {
            simdjson::dom::object object;
            simdjson::dom::element child;
            if (element.get_object().get(object) != simdjson::SUCCESS ||
                object.at_key(step.key).get(child) != simdjson::SUCCESS) {
                return false;
            }
            return resolve(steps, i + 1, child, visit);
        }
        case SelectorStep::Kind::kIndex: {
            simdjson::dom::array array;
            simdjson::dom::element child;
            if (element.get_array().get(array) != simdjson::SUCCESS ||
                array.at(step.index).get(child) != simdjson::SUCCESS) {
                return false;
            }
            return resolve(steps, i + 1, child, visit);
        }
        case SelectorStep::Kind::kWildcard: {
            simdjson::dom::array array;
            if (element.get_array().get(array) == simdjson::SUCCESS) {
                for (simdjson::dom::element child : array) {
                    if (resolve(steps, i + 1, child, visit)) {
                        return true;
                    }
                }
                return false;
            }
            simdjson::dom::object object;
            if (element.get_object().get(object) == simdjson::SUCCESS) {
                for (auto field : object) {
                    if (resolve(steps, i + 1, field.value, visit)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
    return false;
}

}  // namespace tripline::filter_pattern::detail
