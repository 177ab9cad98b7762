// XmlWriter: builds the small XML documents of query and S3 replies, escaping text correctly.
#pragma once

#include <string>
#include <string_view>

namespace tripline::api {

// Escapes &, <, >, " and ' for element text and attribute values; control characters other than
// tab/newline/CR are dropped (XML 1.0 cannot carry them).
std::string xml_escape(std::string_view text);

class XmlWriter {
public:
    XmlWriter& open(std::string_view name);
    XmlWriter& open(std::string_view name, std::string_view xmlns);
    XmlWriter& close(std::string_view name);
    // <name>escaped text</name>
    XmlWriter& element(std::string_view name, std::string_view text);
    XmlWriter& raw(std::string_view xml);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

}  // namespace tripline::api
