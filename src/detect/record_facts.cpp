#include "detect/record_facts.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace tripline::detect {

namespace {

std::string_view view_of(const std::optional<std::string>& value) {
    return value ? std::string_view(*value) : std::string_view();
}

nlohmann::json parse_raw(const std::optional<event::RawJson>& raw) {
    if (!raw) {
        return nullptr;
    }
    nlohmann::json parsed = nlohmann::json::parse(*raw, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
    for (std::string_view prefix : prefixes) {
        if (text.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

// The last component of an ARN path: the role name of an assumed-role ARN is the one before it.
std::string_view arn_part(std::string_view arn, std::size_t from_end) {
    std::size_t end = arn.size();
    for (std::size_t i = 0; i < from_end; ++i) {
        std::size_t slash = arn.rfind('/', end == 0 ? 0 : end - 1);
        if (slash == std::string_view::npos) {
            return {};
        }
        end = slash;
    }
    std::size_t start = arn.rfind('/', end == 0 ? 0 : end - 1);
    if (start == std::string_view::npos) {
        return {};
    }
    return arn.substr(start + 1, end - start - 1);
}

}  // namespace

bool is_ip_address(std::string_view text) {
    if (text.empty() || text.size() > 45) {
        return false;
    }
    std::string copy(text);
    std::array<unsigned char, 16> buffer{};
    return inet_pton(AF_INET, copy.c_str(), buffer.data()) == 1 ||
           inet_pton(AF_INET6, copy.c_str(), buffer.data()) == 1;
}

bool is_private_address(std::string_view text) {
    if (text.empty() || text.size() > 45) {
        return false;
    }
    std::string copy(text);
    std::array<unsigned char, 16> a{};
    if (inet_pton(AF_INET, copy.c_str(), a.data()) == 1) {
        return a[0] == 10 || a[0] == 127 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
               (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
               (a[0] == 100 && (a[1] & 0xc0) == 64);
    }
    if (inet_pton(AF_INET6, copy.c_str(), a.data()) == 1) {
        const bool loopback =
            std::all_of(a.begin(), a.end() - 1, [](unsigned char b) { return b == 0; }) &&
            a[15] == 1;
        return loopback || (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
    }
    return false;
}

std::string json_string_at(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) {
        return {};
    }
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<bool> json_flag(const nlohmann::json& value) {
    if (value.is_boolean()) {
        return value.get<bool>();
    }
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (text == "true") {
            return true;
        }
        if (text == "false") {
            return false;
        }
    }
    return std::nullopt;
}

RecordFacts::RecordFacts(const event::CloudTrailRecord& record)
    : record_(record),
      api_(view_of(record.event_name)),
      service_(view_of(record.event_source)),
      ip_(view_of(record.source_ip_address)),
      identity_type_(record.user_identity ? view_of(record.user_identity->type)
                                          : std::string_view()) {
    ip_is_address_ = is_ip_address(ip_);
}

bool RecordFacts::invoked_by_service() const {
    return (record_.user_identity && record_.user_identity->invoked_by) ||
           record_.event_type == "AwsServiceEvent";
}

bool RecordFacts::read_only() const {
    if (record_.read_only) {
        return *record_.read_only;
    }
    return starts_with_any(api_, {"Get", "List", "Describe", "Head", "Lookup"});
}

bool RecordFacts::is_s3_data_event() const {
    if (service_ != "s3.amazonaws.com") {
        return false;
    }
    if (record_.event_category) {
        return *record_.event_category == "Data";
    }
    return record_.management_event == false;
}

std::string RecordFacts::principal_arn() const {
    return record_.user_identity ? std::string(view_of(record_.user_identity->arn)) : std::string();
}

std::string RecordFacts::principal_name() const {
    if (!record_.user_identity) {
        return "unknown";
    }
    const event::UserIdentity& id = *record_.user_identity;
    if (identity_type_ == "Root") {
        return "Root";
    }
    if (id.user_name) {
        return *id.user_name;
    }
    std::string_view arn = view_of(id.arn);
    if (identity_type_ == "AssumedRole") {
        if (std::string_view role = arn_part(arn, 1); !role.empty()) {
            return std::string(role);
        }
    }
    if (!arn.empty()) {
        return std::string(arn);
    }
    return id.principal_id ? *id.principal_id : std::string("unknown");
}

std::string RecordFacts::account_id() const {
    if (record_.recipient_account_id) {
        return *record_.recipient_account_id;
    }
    if (record_.user_identity && record_.user_identity->account_id) {
        return *record_.user_identity->account_id;
    }
    return {};
}

std::string RecordFacts::region() const { return std::string(view_of(record_.aws_region)); }

const nlohmann::json& RecordFacts::request() const {
    if (!request_) {
        request_ = parse_raw(record_.request_parameters);
    }
    return *request_;
}

const nlohmann::json& RecordFacts::response() const {
    if (!response_) {
        response_ = parse_raw(record_.response_elements);
    }
    return *response_;
}

const nlohmann::json& RecordFacts::additional() const {
    if (!additional_) {
        additional_ = parse_raw(record_.additional_event_data);
    }
    return *additional_;
}

std::string RecordFacts::bucket() const { return json_string_at(request(), "bucketName"); }

}  // namespace tripline::detect
