// Case kind "position": input is text, args is a byte offset; output is "line:col".
#include <string>

#include "base/text_position.h"
#include "handler_registry.h"

TRIPLINE_CONFORMANCE_HANDLER("position", [](const tripline::testing::Case& c) {
    std::size_t offset = std::stoul(c.args);
    tripline::TextPosition p = tripline::position_at(c.input, offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column) + " " +
           std::string(tripline::line_at(c.input, offset));
});
