// Shared by the SigV4 tests: turning the JSON vectors of tests/unit/api/data/ into HttpRequests,
// and an in-memory key store behind SecretLookup.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/auth/sigv4_verifier.h"
#include "api/http_server.h"
#include "base/clock.h"

namespace tripline::api::auth::testing {

struct TestKey {
    std::string access_key_id;
    std::string secret;
    std::string session_token;  // "" for long-term keys
    std::string account_id = "123456789012";
    std::string principal_arn = "arn:aws:iam::123456789012:user/alice";
};

// Unknown key → kUnknownAccessKey; a token other than the stored one → kInvalidToken.
class TestKeyStore {
public:
    explicit TestKeyStore(std::vector<TestKey> keys) : keys_(std::move(keys)) {}
    SecretLookup lookup() const;

private:
    std::vector<TestKey> keys_;
};

// {"method", "target", "headers": [[name, value]…], "body" | "body_b64"} → HttpRequest with
// lower-cased header names, the raw target, the decoded path and the raw query.
HttpRequest request_from_json(const nlohmann::json& request);
nlohmann::json load_json(const std::string& relative_to_repo);
TimePoint iso_time(const std::string& text);

// Replaces the first value of a header (lower-case name).
void set_header(HttpRequest& request, const std::string& name, const std::string& value);

}  // namespace tripline::api::auth::testing
