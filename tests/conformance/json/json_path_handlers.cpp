// Case kinds "json-path" and "json-path-all": args is the path, input a JSON document. The output
// is the selected value as minified JSON (json-path: the first; json-path-all: one line per value),
// "(missing)" when nothing is selected, or "error: <message> at <offset>" when the path is invalid.
#include <string>
#include <vector>

#include "handler_registry.h"
#include "json/json_parser.h"
#include "json/json_path.h"
#include "json/json_writer.h"

namespace {

std::string run(const tripline::testing::Case& c, bool all) {
    auto path = tripline::json::parse_json_path(c.args);
    if (!path) {
        const auto& error = path.error();
        return "error: " + error.message + " at " +
               std::to_string(error.where ? error.where->begin.offset : 0);
    }
    tripline::json::JsonParser parser;
    auto root = parser.parse(c.input);
    if (!root) {
        return "invalid input: " + root.error().message;
    }
    if (!all) {
        auto value = path->evaluate(*root);
        return value ? tripline::json::to_json(*value) : "(missing)";
    }
    std::vector<simdjson::dom::element> values;
    path->evaluate_all(*root, values);
    if (values.empty()) {
        return "(missing)";
    }
    std::string out;
    for (const auto& value : values) {
        out += tripline::json::to_json(value);
        out += '\n';
    }
    return out;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("json-path",
                             [](const tripline::testing::Case& c) { return run(c, false); });
TRIPLINE_CONFORMANCE_HANDLER("json-path-all",
                             [](const tripline::testing::Case& c) { return run(c, true); });
