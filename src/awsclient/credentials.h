// AWS credentials and region, resolved the way the aws CLI resolves them:
//
//   credentials: explicit keys → environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
//     AWS_SESSION_TOKEN; skipped when a profile is named explicitly, as `--profile` does) → the
//     shared credentials file (`[name]`) → the config file (`[profile name]`, `[default]`).
//   profile: the one given, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
//   files: AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/credentials and
//     ~/.aws/config ("~" is $HOME).
//   region: the one given → AWS_REGION → AWS_DEFAULT_REGION → the profile's `region`.
//
// Profiles that need an STS call or a helper (role_arn, credential_process, sso_*) and the
// container/instance metadata services are not supported: resolution fails and says so.
//
// Secrets are never printed: Credentials::to_string() and operator<< show the access key id and
// where the keys came from, with the secret key and session token redacted.
// Errors: kNotFound when no credentials are found or a named profile does not exist (messages
// worded like the CLI's), kInvalidArgument for partial keys or malformed files (file:line),
// kFailedPrecondition for unsupported profile kinds.
// Thread-safety: plain values and functions; the default environment lookup reads the process
// environment (getenv), which must not be modified concurrently.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::awsclient {

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // "" for long-term keys
    std::string source;         // "explicit", "environment", "shared credentials file …", …

    // "Credentials(access_key_id=AKIA…, secret_access_key=<redacted>, session_token=<none>,
    // source=environment)"
    std::string to_string() const;
};

std::ostream& operator<<(std::ostream& out, const Credentials& credentials);

// Looks a variable up; nullopt when unset. An empty value counts as unset, as in botocore.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup process_environment();

struct ResolveOptions {
    // Keys given on the command line or in Tripline's config; used as they are when non-empty.
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;
    std::string profile;  // "" → AWS_PROFILE → AWS_DEFAULT_PROFILE → "default"
    std::string region;   // explicit region, wins over everything
    EnvironmentLookup env = process_environment();
};

// The settings of one profile merged from both shared files (credentials file wins per key), and
// where they came from.
struct ProfileSettings {
    std::string name;
    bool found = false;  // the profile appears in at least one of the files
    std::string credentials_path;
    std::string config_path;
    std::vector<std::pair<std::string, std::string>> values;             // from the config file
    std::vector<std::pair<std::string, std::string>> credential_values;  // from credentials

    // The credentials file's value for the key, else the config file's; nullopt when neither.
    std::optional<std::string> get(const std::string& key) const;
};

std::string resolve_profile_name(const ResolveOptions& options);
Result<ProfileSettings> load_profile(const ResolveOptions& options);

Result<Credentials> resolve_credentials(const ResolveOptions& options);

// The region, or "" when none is configured (callers pick their default, usually us-east-1).
Result<std::string> resolve_region(const ResolveOptions& options);

// The endpoint URL configured for a service: AWS_ENDPOINT_URL_<SERVICE> (service id upper-cased,
// spaces and '-' as '_'), AWS_ENDPOINT_URL, then the profile's `endpoint_url`; "" when none.
Result<std::string> resolve_endpoint_url(const ResolveOptions& options, const std::string& service);

}  // namespace tripline::awsclient
