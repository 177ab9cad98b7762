#include "detect/intel/aws_ip_ranges.h"

#include <string>

#include "json/json_parser.h"

namespace tripline::detect {

namespace {

// The document is flat: root object, prefix arrays, prefix objects.
constexpr std::size_t kMaxDepth = 16;

struct PrefixArray {
    const char* array;   // "prefixes"
    const char* member;  // "ip_prefix"
    bool ipv6;
};

}  // namespace

Result<IpRangeSet> parse_aws_ip_ranges(std::string_view json, std::string_view source_name) {
    const std::string source(source_name);
    auto fail = [&](Errc code, const std::string& message) {
        return make_error(code, source + ": " + message);
    };
    // One parser per call: loading happens rarely and documents are large, so the parser's
    // buffers are better released than kept per thread.
    json::JsonParser parser(json::ParseLimits{kMaxAwsIpRangesBytes, kMaxDepth});
    auto root = parser.parse(json);
    if (!root) {
        return fail(root.error().code, root.error().message);
    }
    simdjson::dom::object object;
    if (root->get_object().get(object) != simdjson::SUCCESS) {
        return fail(Errc::kInvalidArgument, "the document is not a JSON object");
    }
    IpRangeSet set;
    bool found = false;
    for (const PrefixArray& kind : {PrefixArray{"prefixes", "ip_prefix", false},
                                    PrefixArray{"ipv6_prefixes", "ipv6_prefix", true}}) {
        simdjson::dom::element element;
        if (object.at_key(kind.array).get(element) != simdjson::SUCCESS) {
            continue;
        }
        found = true;
        simdjson::dom::array array;
        if (element.get_array().get(array) != simdjson::SUCCESS) {
            return fail(Errc::kInvalidArgument, std::string(kind.array) + " is not an array");
        }
        std::size_t i = 0;
        for (simdjson::dom::element entry : array) {
            std::string path = std::string(kind.array) + "[" + std::to_string(i++) + "]";
            std::string_view text;
            if (entry.at_key(kind.member).get(text) != simdjson::SUCCESS) {
                return fail(Errc::kInvalidArgument,
                            path + ": no string member \"" + kind.member + "\"");
            }
            path += std::string(".") + kind.member;
            auto network = parse_ip_network(text);
            if (!network) {
                return fail(Errc::kInvalidArgument, path + ": " + network.error().message);
            }
            if ((text.find(':') != std::string_view::npos) != kind.ipv6) {
                return fail(Errc::kInvalidArgument,
                            path + ": not an " + (kind.ipv6 ? "IPv6" : "IPv4") + " prefix " +
                                quoted_snippet(text));
            }
            set.add(*network);
        }
    }
    if (!found) {
        return fail(Errc::kInvalidArgument,
                    "neither \"prefixes\" nor \"ipv6_prefixes\"; is this ip-ranges.json?");
    }
    set.finalize();
    return set;
}

}  // namespace tripline::detect
