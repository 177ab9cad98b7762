#include "awsclient/s3_responses.h"

#include <charconv>

#include "awsclient/xml_reader.h"
#include "base/uri_encoding.h"

namespace tripline::awsclient {
namespace {

Result<std::uint64_t> parse_number(const std::string& text, const char* field) {
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return make_error(
            Errc::kInvalidArgument,
            std::string("ListObjectsV2 response has a bad ") + field + " '" + text + "'");
    }
    return value;
}

std::string strip_quotes(std::string etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
        return etag.substr(1, etag.size() - 2);
    }
    return etag;
}

}  // namespace

std::string decode_s3_url_name(std::string_view text) {
    std::string plus_as_space(text);
    for (char& c : plus_as_space) {
        if (c == '+') {
            c = ' ';
        }
    }
    return percent_decode(plus_as_space);
}

Result<ListObjectsV2Page> parse_list_objects_v2(std::string_view xml) {
    TRIPLINE_ASSIGN_OR_RETURN(XmlElement root, parse_xml(xml));
    if (root.name != "ListBucketResult") {
        return make_error(Errc::kInvalidArgument,
                          "expected a ListBucketResult document, got <" + root.name + ">");
    }
    const bool url = root.child_text("EncodingType") == "url";
    auto name = [&](const std::string& text) { return url ? decode_s3_url_name(text) : text; };

    ListObjectsV2Page page;
    page.bucket = root.child_text("Name");
    page.prefix = name(root.child_text("Prefix"));
    page.delimiter = name(root.child_text("Delimiter"));
    std::string truncated = root.child_text("IsTruncated");
    if (truncated != "true" && truncated != "false") {
        return make_error(Errc::kInvalidArgument,
                          "ListObjectsV2 response has no valid IsTruncated");
    }
    page.is_truncated = truncated == "true";
    page.next_continuation_token = root.child_text("NextContinuationToken");
    if (const XmlElement* count = root.child("KeyCount")) {
        TRIPLINE_ASSIGN_OR_RETURN(page.key_count, parse_number(count->text, "KeyCount"));
    }
    for (const XmlElement* item : root.children_named("Contents")) {
        S3Object object;
        object.key = name(item->child_text("Key"));
        object.etag = strip_quotes(item->child_text("ETag"));
        object.last_modified = item->child_text("LastModified");
        object.storage_class = item->child_text("StorageClass");
        if (const XmlElement* size = item->child("Size")) {
            TRIPLINE_ASSIGN_OR_RETURN(object.size, parse_number(size->text, "Size"));
        }
        if (object.key.empty()) {
            return make_error(Errc::kInvalidArgument, "ListObjectsV2 response has an empty Key");
        }
        page.contents.push_back(std::move(object));
    }
    for (const XmlElement* common : root.children_named("CommonPrefixes")) {
        page.common_prefixes.push_back(name(common->child_text("Prefix")));
    }
    return page;
}

}  // namespace tripline::awsclient
