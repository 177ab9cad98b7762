// XmlNode and parse_xml(): the small XML reader for S3 request bodies (CreateBucketConfiguration,
// Delete, CompleteMultipartUpload, PublicAccessBlockConfiguration,
// ServerSideEncryptionConfiguration, AccessControlPolicy). It keeps elements, attributes and text,
// decodes the five predefined entities, character references and CDATA, and skips the XML
// declaration and comments. DOCTYPE is refused (no entity expansion), as are documents deeper than
// kMaxXmlDepth or with more than kMaxXmlNodes elements.
// Errors: kInvalidArgument with a message naming the offset; S3 answers them with MalformedXML.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::api::services::s3 {

inline constexpr std::size_t kMaxXmlDepth = 32;
inline constexpr std::size_t kMaxXmlNodes = 20000;

struct XmlNode {
    std::string name;  // local name, namespace prefix removed
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;  // character data directly inside the element, undecorated
    std::vector<XmlNode> children;

    const XmlNode* child(std::string_view child_name) const;
    std::vector<const XmlNode*> all(std::string_view child_name) const;
    // The text of a child element, or `fallback` when there is none.
    std::string child_text(std::string_view child_name, std::string_view fallback = {}) const;
};

Result<XmlNode> parse_xml(std::string_view text);

// CloudTrail's rendering of an XML request body inside requestParameters: attributes as members
// ("xmlns"), leaves as strings ("true"/"false" as booleans, small integers as numbers), repeated
// children as arrays.
nlohmann::json xml_to_json(const XmlNode& node);

}  // namespace tripline::api::services::s3
