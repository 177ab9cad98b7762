#include "base/arn.h"

#include <array>

namespace tripline {

std::string Arn::to_string() const {
    std::string out = "arn:";
    out += partition;
    out += ':';
    out += service;
    out += ':';
    out += region;
    out += ':';
    out += account_id;
    out += ':';
    out += resource;
    return out;
}

std::string_view Arn::resource_type() const {
    std::string_view r = resource;
    std::size_t sep = r.find_first_of("/:");
    return sep == std::string_view::npos ? std::string_view{} : r.substr(0, sep);
}

std::string_view Arn::resource_id() const {
    std::string_view r = resource;
    std::size_t sep = r.find_first_of("/:");
    return sep == std::string_view::npos ? r : r.substr(sep + 1);
}

Result<Arn> parse_arn(std::string_view text) {
    std::array<std::string_view, 5> parts{};
    std::string_view rest = text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos) {
            return make_error(Errc::kInvalidArgument,
                              "invalid ARN '" + std::string(text) +
                                  "': expected arn:partition:service:region:account:resource");
        }
        parts[i] = rest.substr(0, colon);
        rest.remove_prefix(colon + 1);
    }
    if (parts[0] != "arn") {
        return make_error(Errc::kInvalidArgument,
                          "invalid ARN '" + std::string(text) + "': must start with 'arn:'");
    }
    if (parts[1].empty()) {
        return make_error(Errc::kInvalidArgument,
                          "invalid ARN '" + std::string(text) + "': empty partition");
    }
    if (parts[2].empty()) {
        return make_error(Errc::kInvalidArgument,
                          "invalid ARN '" + std::string(text) + "': empty service");
    }
    if (rest.empty()) {
        return make_error(Errc::kInvalidArgument,
                          "invalid ARN '" + std::string(text) + "': empty resource");
    }
    Arn arn;
    arn.partition = parts[1];
    arn.service = parts[2];
    arn.region = parts[3];
    arn.account_id = parts[4];
    arn.resource = rest;
    return arn;
}

bool is_valid_account_id(std::string_view text) {
    if (text.size() != 12) {
        return false;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace tripline
