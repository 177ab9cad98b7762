// Fuzzes the JSON path parser and evaluator: any input either is rejected with an error carrying an
// offset inside the path, or parses into a path whose canonical text parses to the same path, and
// evaluating it against a fixed event never crashes and selects only values evaluate_all() selects.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "json/json_parser.h"
#include "json/json_path.h"
#include "json/json_writer.h"

namespace {

constexpr std::string_view kDocument =
    R"({"version":"0","id":"e1","detail-type":"GuardDuty Finding","source":"aws.guardduty",)"
    R"("account":"123456789012","time":"2026-11-22T08:00:00Z","region":"us-east-1","resources":[],)"
    R"("detail":{"severity":8.5,"resources":[{"arn":"a"},{"arn":"b","tags":[[1,2],[3]]}],)"
    R"("key with space":"s","cluster.name":"c","a/b":"x","":"empty","it's":{"q\"k":null},)"
    R"("deep":{"a":{"b":{"c":{"d":[true,false]}}}}}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static tripline::json::JsonParser parser;
    static const simdjson::dom::element root = *parser.parse(kDocument);

    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto path = tripline::json::parse_json_path(text);
    if (!path) {
        const auto& where = path.error().where;
        if (!where || where->begin.offset > text.size()) {
            std::abort();
        }
        return 0;
    }
    auto again = tripline::json::parse_json_path(path->to_string());
    if (!again || !(*again == *path)) {
        std::abort();
    }
    auto first = path->evaluate(root);
    std::vector<simdjson::dom::element> all;
    path->evaluate_all(root, all);
    if (first.has_value() != !all.empty()) {
        std::abort();
    }
    if (first && tripline::json::to_json(*first) != tripline::json::to_json(all.front())) {
        std::abort();
    }
    return 0;
}
