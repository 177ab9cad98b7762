// Event selectors: the per-record selects() hot path (parsing: event_selector_parsing.cpp).
//
// Choices where AWS says nothing precise (see also cloudtrail.md §8):
// - A record's category comes from eventCategory when present (Management / Data /
//   NetworkActivity; Insight and unknown categories are never selected); without it,
//   managementEvent false means a data event, anything else a management event; an
//   AwsCloudTrailInsight record is never selected.
// - readOnly: ReadOnly / WriteOnly (and advanced readOnly Equals) need the record to carry readOnly
//   true / false; a record without readOnly is logged only by selectors that accept both (All, or
//   no readOnly condition).
// - Resources: a data resource or resources.ARN condition is checked against each resource of the
//   selected type (any one matching is enough). Its ARN is "ARN", or "ARNPrefix" (S3 ListObjects
//   records carry {"ARNPrefix":"arn:aws:s3:::bucket/"}). An S3 record without any AWS::S3::Object
//   resource that has one of them gets one built from requestParameters' bucketName and key
//   ("arn:aws:s3:::<bucketName>/<key>", partition aws), found by a plain scan of the minified text
//   (a value holding a JSON escape is not used). No other service gets such a fallback.
// - The "all resources" values (arn:aws:s3, arn:aws:lambda, arn:aws:dynamodb) match every data
//   event that has a resource of that type or comes from that service's event source.
// - An absent field fails positive operators and passes negations; sessionCredentialFromConsole
//   absent counts as "false".
#include <algorithm>
#include <optional>
#include <string_view>

#include "trail/internal/selector_model.h"

namespace tripline::trail {

using namespace selector_model;

namespace {

// A string member's value in minified JSON text, without unescaping: `"name":"value"`.
std::optional<std::string_view> scan_string_member(std::string_view raw, std::string_view name) {
    std::size_t at = 0;
    while ((at = raw.find(name, at)) != std::string_view::npos) {
        std::size_t after = at + name.size();
        bool quoted_key = at > 0 && raw[at - 1] == '"' && raw.substr(after, 3) == "\":\"";
        at = after;
        if (!quoted_key) {
            continue;
        }
        std::size_t begin = after + 3;
        std::size_t end = raw.find('"', begin);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view value = raw.substr(begin, end - begin);
        if (value.find('\\') != std::string_view::npos) {
            return std::nullopt;
        }
        return value;
    }
    return std::nullopt;
}

// The ARN of a resource: "ARN", else an unescaped "ARNPrefix" string member.
std::optional<std::string_view> resource_arn(const event::CloudTrailResource& resource) {
    if (resource.arn) {
        return std::string_view(*resource.arn);
    }
    for (const auto& member : resource.other_members) {
        std::string_view raw = member.value;
        if (member.name == "ARNPrefix" && raw.size() >= 2 && raw.front() == '"' &&
            raw.back() == '"' && raw.find('\\') == std::string_view::npos) {
            return raw.substr(1, raw.size() - 2);
        }
    }
    return std::nullopt;
}

// Calls visit(Text arn) for each resource of `type` that has an ARN, or, for S3 objects when
// there is none, for the one built from requestParameters (see the top of the file); stops and
// returns true when visit does.
template <typename Visit>
bool any_resource_of_type(const event::CloudTrailRecord& record,
                          std::string_view type,
                          const Visit& visit) {
    bool has_type = false;
    if (record.resources) {
        for (const auto& resource : *record.resources) {
            if (!resource.type || *resource.type != type) {
                continue;
            }
            auto arn = resource_arn(resource);
            if (!arn) {
                continue;
            }
            has_type = true;
            if (visit(Text(*arn))) {
                return true;
            }
        }
    }
    if (has_type || type != "AWS::S3::Object" || record.event_source != "s3.amazonaws.com" ||
        !record.request_parameters) {
        return false;
    }
    auto bucket = scan_string_member(*record.request_parameters, "bucketName");
    if (!bucket || bucket->empty()) {
        return false;
    }
    auto key = scan_string_member(*record.request_parameters, "key");
    Text arn;
    arn.add("arn:aws:s3:::");
    arn.add(*bucket);
    arn.add("/");
    arn.add(key.value_or(std::string_view{}));
    return visit(arn);
}

Category category_of(const event::CloudTrailRecord& record) {
    if (record.event_category) {
        const std::string& c = *record.event_category;
        if (c == "Management") {
            return Category::kManagement;
        }
        if (c == "Data") {
            return Category::kData;
        }
        if (c == "NetworkActivity") {
            return Category::kNetworkActivity;
        }
        return Category::kNone;
    }
    if (record.event_type == "AwsCloudTrailInsight") {
        return Category::kNone;
    }
    if (record.management_event == false) {
        return Category::kData;
    }
    return Category::kManagement;
}

}  // namespace

namespace {

bool read_write_accepts(ReadWrite rw, const std::optional<bool>& read_only) {
    switch (rw) {
        case ReadWrite::kAll:
            return true;
        case ReadWrite::kReadOnly:
            return read_only == true;
        case ReadWrite::kWriteOnly:
            return read_only == false;
    }
    return false;
}

bool data_resource_matches(const DataResource& dr, const event::CloudTrailRecord& record) {
    const BasicTypeInfo& info = *std::find_if(std::begin(kBasicTypes),
                                              std::end(kBasicTypes),
                                              [&](const auto& t) { return t.type == dr.type; });
    if (dr.all && record.event_source == info.event_source) {
        return true;
    }
    return any_resource_of_type(record, info.name, [&](const Text& arn) {
        if (dr.all) {
            return true;
        }
        for (const auto& v : dr.values) {
            // S3 values are prefixes (bucket/ or bucket/prefix); Lambda and DynamoDB are exact.
            if (dr.type == BasicType::kS3Object ? arn.starts_with(v) : arn.equals(v)) {
                return true;
            }
        }
        return false;
    });
}

}  // namespace

namespace {

// A record field an advanced field selector tests (not the category or resources ones).
std::optional<std::string_view> field_value(const event::CloudTrailRecord& record, Field field) {
    auto view = [](const std::optional<std::string>& s) -> std::optional<std::string_view> {
        return s ? std::optional<std::string_view>(*s) : std::nullopt;
    };
    switch (field) {
        case Field::kReadOnly:
            if (!record.read_only) {
                return std::nullopt;
            }
            return *record.read_only ? "true" : "false";
        case Field::kEventSource:
            return view(record.event_source);
        case Field::kEventName:
            return view(record.event_name);
        case Field::kEventType:
            return view(record.event_type);
        case Field::kUserIdentityArn:
            return record.user_identity ? view(record.user_identity->arn) : std::nullopt;
        case Field::kSessionCredentialFromConsole:
            return record.session_credential_from_console
                       ? std::string_view(*record.session_credential_from_console)
                       : std::string_view("false");
        case Field::kErrorCode:
            return view(record.error_code);
        case Field::kVpcEndpointId:
            return view(record.vpc_endpoint_id);
        case Field::kEventCategory:
        case Field::kResourcesType:
        case Field::kResourcesArn:
            break;
    }
    return std::nullopt;
}

}  // namespace

bool TrailSelectors::Compiled::selects_basic(const event::CloudTrailRecord& record,
                                             Category category) const {
    for (const auto& sel : basic) {
        if (!read_write_accepts(sel.read_write, record.read_only)) {
            continue;
        }
        if (category == Category::kManagement && sel.include_management) {
            bool excluded =
                record.event_source && std::find(sel.exclude_sources.begin(),
                                                 sel.exclude_sources.end(),
                                                 *record.event_source) != sel.exclude_sources.end();
            if (!excluded) {
                return true;
            }
        }
        if (category == Category::kData) {
            for (const auto& dr : sel.data_resources) {
                if (data_resource_matches(dr, record)) {
                    return true;
                }
            }
        }
    }
    return false;
}

bool TrailSelectors::Compiled::selects_advanced(const event::CloudTrailRecord& record,
                                                Category category) const {
    for (const auto& sel : advanced) {
        if (sel.category != category) {
            continue;
        }
        bool pass = true;
        bool has_arn_condition = false;
        for (const auto& c : sel.conditions) {
            if (c.field == Field::kEventCategory || c.field == Field::kResourcesType) {
                continue;  // decided by `category` above and by the resource check below
            }
            if (c.field == Field::kResourcesArn) {
                has_arn_condition = true;
                continue;
            }
            std::optional<std::string_view> value = field_value(record, c.field);
            std::optional<Text> text;
            if (value) {
                text.emplace(*value);
            }
            if (!c.passes(text ? &*text : nullptr)) {
                pass = false;
                break;
            }
        }
        if (!pass) {
            continue;
        }
        if (category == Category::kData) {
            pass = any_resource_of_type(record, sel.resource_type, [&](const Text& arn) {
                if (!has_arn_condition) {
                    return true;
                }
                for (const auto& c : sel.conditions) {
                    if (c.field == Field::kResourcesArn && !c.passes(&arn)) {
                        return false;
                    }
                }
                return true;
            });
        }
        if (pass) {
            return true;
        }
    }
    return false;
}

bool TrailSelectors::selects(const event::CloudTrailRecord& record) const {
    Category category = category_of(record);
    switch (compiled_->form) {
        case Form::kDefault:
            return category == Category::kManagement;
        case Form::kBasic:
            return category != Category::kNone && compiled_->selects_basic(record, category);
        case Form::kAdvanced:
            return category != Category::kNone && compiled_->selects_advanced(record, category);
    }
    return false;
}

}  // namespace tripline::trail
