#include "sigv4_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "api/auth/canonical_request.h"
#include "base/encoding.h"
#include "base/uri_encoding.h"
#include "test_support.h"

namespace tripline::api::auth::testing {

SecretLookup TestKeyStore::lookup() const {
    return [keys = keys_](std::string_view akid, std::string_view token) {
        KeyLookupResult result;
        for (const auto& key : keys) {
            if (key.access_key_id != akid) {
                continue;
            }
            if (key.session_token != token) {
                result.status = KeyLookupStatus::kInvalidToken;
                return result;
            }
            result.status = KeyLookupStatus::kFound;
            result.record = {key.secret, key.account_id, key.principal_arn, "AIDAEXAMPLEUSERID"};
            return result;
        }
        result.status = KeyLookupStatus::kUnknownAccessKey;
        return result;
    };
}

HttpRequest request_from_json(const nlohmann::json& j) {
    HttpRequest request;
    request.method = j.at("method").get<std::string>();
    request.target = j.at("target").get<std::string>();
    RawTarget parts = split_target(request.target);
    request.path = percent_decode(parts.path);
    request.query = std::string(parts.query);
    for (const auto& header : j.at("headers")) {
        std::string name = header.at(0).get<std::string>();
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        request.headers.emplace(name, header.at(1).get<std::string>());
    }
    if (j.contains("body_b64")) {
        request.body = base64_decode(j.at("body_b64").get<std::string>()).value();
    } else {
        request.body = j.value("body", std::string());
    }
    return request;
}

nlohmann::json load_json(const std::string& relative_to_repo) {
    std::string text =
        tripline::testing::read_file(tripline::testing::source_dir() / relative_to_repo);
    return nlohmann::json::parse(text);
}

TimePoint iso_time(const std::string& text) {
    TimePoint t;
    EXPECT_TRUE(parse_iso8601(text, t)) << text;
    return t;
}

void set_header(HttpRequest& request, const std::string& name, const std::string& value) {
    auto it = request.headers.find(name);
    ASSERT_NE(it, request.headers.end()) << name;
    it->second = value;
}

}  // namespace tripline::api::auth::testing
