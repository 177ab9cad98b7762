// The shared, immutable state behind a FilterPattern: the text, the kind, and the parsed form of
// that kind. Internal to the module.
#pragma once

#include <string>

#include "filter_pattern/filter_pattern.h"
#include "filter_pattern/json_pattern.h"
#include "filter_pattern/regex.h"
#include "filter_pattern/space_delimited.h"
#include "filter_pattern/terms.h"

namespace tripline::filter_pattern::detail {

struct CompiledPattern {
    std::string text;
    PatternKind kind = PatternKind::kMatchAll;
    TermPattern terms;            // kTerms
    Regex regex;                  // kRegex
    JsonPattern json;             // kJson
    SpaceDelimitedPattern space;  // kSpaceDelimited
    int regex_count = 0;
};

}  // namespace tripline::filter_pattern::detail
