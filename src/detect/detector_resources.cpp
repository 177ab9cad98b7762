#include "detect/detector_resources.h"

#include "detect/finding_criteria.h"

namespace tripline::detect {

namespace {

Error invalid(const std::string& detail) {
    return make_error(Errc::kInvalidArgument,
                      "The request is rejected because an invalid or out-of-range value is "
                      "specified as an input parameter: " +
                          detail);
}

bool filter_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool bucket_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

}  // namespace

Status check_filter_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 64) {
        return invalid("name must be 3 to 64 characters long.");
    }
    for (char c : name) {
        if (!filter_name_char(c)) {
            return invalid("name '" + std::string(name) +
                           "' may contain only letters, digits, '.', '_' and '-'.");
        }
    }
    return ok_status();
}

Status check_filter_settings(const FilterSettings& settings) {
    if (settings.description && settings.description->size() > 512) {
        return invalid("description must be at most 512 characters long.");
    }
    if (settings.action && *settings.action != "NOOP" && *settings.action != "ARCHIVE") {
        return invalid("action '" + *settings.action + "' (NOOP or ARCHIVE).");
    }
    if (settings.rank && (*settings.rank < 1 || *settings.rank > 100)) {
        return invalid("rank must be between 1 and 100.");
    }
    if (settings.criteria) {
        if (!settings.criteria->is_object() || !settings.criteria->contains("criterion")) {
            return invalid("findingCriteria must be an object with a criterion map.");
        }
        TRIPLINE_TRY(FindingCriteria::parse(*settings.criteria));
    }
    return ok_status();
}

Result<S3Location> parse_s3_location(std::string_view location) {
    auto bad = [&] {
        return invalid("location '" + std::string(location) +
                       "' is not an S3 object URL (https://s3.amazonaws.com/<bucket>/<key>, "
                       "https://<bucket>.s3.amazonaws.com/<key> or s3://<bucket>/<key>).");
    };
    if (location.empty() || location.size() > 300) {
        return bad();
    }
    S3Location out;
    std::string_view rest;
    if (location.starts_with("s3://")) {
        rest = location.substr(5);
        auto slash = rest.find('/');
        if (slash == std::string_view::npos) {
            return bad();
        }
        out.bucket = std::string(rest.substr(0, slash));
        out.key = std::string(rest.substr(slash + 1));
    } else if (location.starts_with("https://") || location.starts_with("http://")) {
        rest = location.substr(location.find("://") + 3);
        auto slash = rest.find('/');
        if (slash == std::string_view::npos) {
            return bad();
        }
        std::string_view host = rest.substr(0, slash);
        std::string_view path = rest.substr(slash + 1);
        // Virtual-hosted style: <bucket>.s3[.<region>|-<region>].amazonaws.com
        auto s3 = host.find(".s3");
        if (host.starts_with("s3.") || host.starts_with("s3-")) {
            auto key_slash = path.find('/');
            if (key_slash == std::string_view::npos) {
                return bad();
            }
            out.bucket = std::string(path.substr(0, key_slash));
            out.key = std::string(path.substr(key_slash + 1));
        } else if (s3 != std::string_view::npos && host.ends_with(".amazonaws.com")) {
            out.bucket = std::string(host.substr(0, s3));
            out.key = std::string(path);
        } else {
            return bad();
        }
    } else {
        return bad();
    }
    if (out.bucket.size() < 3 || out.bucket.size() > 63 || out.key.empty()) {
        return bad();
    }
    for (char c : out.bucket) {
        if (!bucket_char(c)) {
            return bad();
        }
    }
    return out;
}

}  // namespace tripline::detect
