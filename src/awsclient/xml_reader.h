// XmlReader: a small, bounded, non-validating XML parser for the simple documents AWS query and
// REST-XML services return (ListBucketResult, Error, …). It builds an element tree: names (with
// any namespace prefix removed), attributes, and text with the five predefined entities and
// numeric character references decoded; CDATA is text; comments, processing instructions and the
// XML declaration are skipped. DOCTYPE is refused (no entity expansion, so no billion laughs).
//
// Bounds: input size, element count and nesting depth are limited (XmlLimits); passing one is
// kLimitExceeded. Malformed XML (mismatched or unclosed tags, bad references, stray '<') is
// kInvalidArgument with the byte offset and line. Thread-safety: pure functions and values.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::awsclient {

struct XmlElement {
    std::string name;  // local name: "ListBucketResult" for "s3:ListBucketResult"
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;  // concatenated character data directly inside this element
    std::vector<XmlElement> children;

    // First child with this local name, or nullptr.
    const XmlElement* child(std::string_view local_name) const;
    // Text of the first child with this name, or "" when there is none.
    std::string child_text(std::string_view local_name) const;
    // Every child with this name, in document order.
    std::vector<const XmlElement*> children_named(std::string_view local_name) const;
};

struct XmlLimits {
    std::size_t max_bytes = 64 * 1024 * 1024;
    std::size_t max_elements = 1'000'000;
    std::size_t max_depth = 64;
};

// Parses a whole document and returns its root element.
Result<XmlElement> parse_xml(std::string_view document, const XmlLimits& limits = {});

}  // namespace tripline::awsclient
