#include "awsclient/credentials.h"

#include <cstdlib>
#include <ostream>

#include "awsclient/ini_file.h"

namespace tripline::awsclient {
namespace {

std::optional<std::string> env_value(const ResolveOptions& options, const std::string& name) {
    if (!options.env) {
        return std::nullopt;
    }
    std::optional<std::string> value = options.env(name);
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

// "~" and "~/x" become $HOME and $HOME/x, as os.path.expanduser does for the CLI.
std::string expand_home(const ResolveOptions& options, const std::string& path) {
    if (path.empty() || path.front() != '~' || (path.size() > 1 && path[1] != '/')) {
        return path;
    }
    std::string home = env_value(options, "HOME").value_or("");
    return home + path.substr(1);
}

std::string shared_file_path(const ResolveOptions& options,
                             const char* variable,
                             const char* default_name) {
    if (auto path = env_value(options, variable)) {
        return expand_home(options, *path);
    }
    return expand_home(options, std::string("~/.aws/") + default_name);
}

// The config file names profiles "[profile x]" (and "[default]"); botocore tolerates extra
// whitespace after "profile" and accepts "[profile default]".
bool config_section_is_profile(const std::string& section, const std::string& profile) {
    if (section == profile && profile == "default") {
        return true;
    }
    if (section.rfind("profile", 0) != 0 || section.size() <= 7 ||
        (section[7] != ' ' && section[7] != '\t')) {
        return false;
    }
    std::size_t start = section.find_first_not_of(" \t", 7);
    return start != std::string::npos && section.substr(start) == profile;
}

std::string to_env_suffix(const std::string& service) {
    std::string out;
    for (char c : service) {
        if (c == ' ' || c == '-') {
            out.push_back('_');
        } else if (c >= 'a' && c <= 'z') {
            out.push_back(static_cast<char>(c - 'a' + 'A'));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

Result<Credentials> from_pair(std::optional<std::string> key_id,
                              std::optional<std::string> secret,
                              std::optional<std::string> token,
                              std::string source) {
    if (key_id.has_value() != secret.has_value()) {
        return make_error(Errc::kInvalidArgument,
                          std::string("Partial credentials found in ") + source + ", missing: " +
                              (key_id ? "aws_secret_access_key" : "aws_access_key_id"));
    }
    Credentials c;
    c.access_key_id = std::move(*key_id);
    c.secret_access_key = std::move(*secret);
    c.session_token = token.value_or("");
    c.source = std::move(source);
    return c;
}

}  // namespace

std::string Credentials::to_string() const {
    return "Credentials(access_key_id=" + access_key_id +
           ", secret_access_key=" + (secret_access_key.empty() ? "<none>" : "<redacted>") +
           ", session_token=" + (session_token.empty() ? "<none>" : "<redacted>") +
           ", source=" + source + ")";
}

std::ostream& operator<<(std::ostream& out, const Credentials& credentials) {
    return out << credentials.to_string();
}

EnvironmentLookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string(value);
    };
}

std::optional<std::string> ProfileSettings::get(const std::string& key) const {
    for (const auto& [k, v] : credential_values) {
        if (k == key) {
            return v;
        }
    }
    for (const auto& [k, v] : values) {
        if (k == key) {
            return v;
        }
    }
    return std::nullopt;
}

std::string resolve_profile_name(const ResolveOptions& options) {
    if (!options.profile.empty()) {
        return options.profile;
    }
    if (auto p = env_value(options, "AWS_PROFILE")) {
        return *p;
    }
    if (auto p = env_value(options, "AWS_DEFAULT_PROFILE")) {
        return *p;
    }
    return "default";
}

Result<ProfileSettings> load_profile(const ResolveOptions& options) {
    ProfileSettings profile;
    profile.name = resolve_profile_name(options);
    profile.credentials_path =
        shared_file_path(options, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
    profile.config_path = shared_file_path(options, "AWS_CONFIG_FILE", "config");

    TRIPLINE_ASSIGN_OR_RETURN(auto credentials_file, load_ini_file(profile.credentials_path));
    if (credentials_file) {
        if (const IniSection* s = credentials_file->find(profile.name)) {
            profile.found = true;
            profile.credential_values = s->values;
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto config_file, load_ini_file(profile.config_path));
    if (config_file) {
        // "[profile default]" wins over "[default]" when both exist, as in botocore.
        const IniSection* chosen = nullptr;
        for (const IniSection& s : config_file->sections) {
            if (config_section_is_profile(s.name, profile.name) &&
                (chosen == nullptr || chosen->name == "default")) {
                chosen = &s;
            }
        }
        if (chosen != nullptr) {
            profile.found = true;
            profile.values = chosen->values;
        }
    }
    return profile;
}

Result<Credentials> resolve_credentials(const ResolveOptions& options) {
    if (!options.access_key_id.empty() || !options.secret_access_key.empty()) {
        if (options.access_key_id.empty() || options.secret_access_key.empty()) {
            return make_error(Errc::kInvalidArgument,
                              "explicit credentials need both an access key id and a secret key");
        }
        return Credentials{
            options.access_key_id, options.secret_access_key, options.session_token, "explicit"};
    }
    // An explicitly named profile negates the environment's keys (botocore's `--profile`).
    if (options.profile.empty()) {
        auto key_id = env_value(options, "AWS_ACCESS_KEY_ID");
        auto secret = env_value(options, "AWS_SECRET_ACCESS_KEY");
        if (key_id || secret) {
            auto token = env_value(options, "AWS_SESSION_TOKEN");
            if (!token) {
                token = env_value(options, "AWS_SECURITY_TOKEN");
            }
            return from_pair(std::move(key_id), std::move(secret), std::move(token), "environment");
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(ProfileSettings profile, load_profile(options));
    bool named = !options.profile.empty() || env_value(options, "AWS_PROFILE") ||
                 env_value(options, "AWS_DEFAULT_PROFILE");
    if (!profile.found && named) {
        return make_error(Errc::kNotFound,
                          "The config profile (" + profile.name +
                              ") could not be found (looked in " + profile.credentials_path +
                              " and " + profile.config_path + ")");
    }
    auto lookup = [&](const auto& values, const std::string& key) -> std::optional<std::string> {
        for (const auto& [k, v] : values) {
            if (k == key && !v.empty()) {
                return v;
            }
        }
        return std::nullopt;
    };
    auto token_of = [&](const auto& values) {
        auto token = lookup(values, "aws_session_token");
        return token ? token : lookup(values, "aws_security_token");
    };
    // Each file's keys are taken as a set: a key id from one file never pairs with the other's
    // secret.
    auto key_id = lookup(profile.credential_values, "aws_access_key_id");
    auto secret = lookup(profile.credential_values, "aws_secret_access_key");
    if (key_id || secret) {
        return from_pair(
            std::move(key_id),
            std::move(secret),
            token_of(profile.credential_values),
            "shared credentials file " + profile.credentials_path + " [" + profile.name + "]");
    }
    key_id = lookup(profile.values, "aws_access_key_id");
    secret = lookup(profile.values, "aws_secret_access_key");
    if (key_id || secret) {
        return from_pair(std::move(key_id),
                         std::move(secret),
                         token_of(profile.values),
                         "config file " + profile.config_path + " [profile " + profile.name + "]");
    }
    for (const char* unsupported : {"role_arn",
                                    "credential_process",
                                    "sso_session",
                                    "sso_start_url",
                                    "web_identity_token_file"}) {
        if (profile.get(unsupported)) {
            return make_error(Errc::kFailedPrecondition,
                              "profile " + profile.name + " gets its credentials through " +
                                  unsupported +
                                  ", which Tripline does not support: give it static keys "
                                  "(aws_access_key_id / aws_secret_access_key) or set "
                                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
    }
    return make_error(Errc::kNotFound,
                      "Unable to locate credentials (looked in the environment, " +
                          profile.credentials_path + " and " + profile.config_path +
                          " for profile " + profile.name +
                          "; instance and container metadata are not consulted)");
}

Result<std::string> resolve_region(const ResolveOptions& options) {
    if (!options.region.empty()) {
        return options.region;
    }
    if (auto r = env_value(options, "AWS_REGION")) {
        return *r;
    }
    if (auto r = env_value(options, "AWS_DEFAULT_REGION")) {
        return *r;
    }
    TRIPLINE_ASSIGN_OR_RETURN(ProfileSettings profile, load_profile(options));
    for (const auto& [k, v] : profile.values) {  // region lives in the config file
        if (k == "region") {
            return v;
        }
    }
    return std::string();
}

Result<std::string> resolve_endpoint_url(const ResolveOptions& options,
                                         const std::string& service) {
    if (auto url = env_value(options, "AWS_ENDPOINT_URL_" + to_env_suffix(service))) {
        return *url;
    }
    if (auto url = env_value(options, "AWS_ENDPOINT_URL")) {
        return *url;
    }
    TRIPLINE_ASSIGN_OR_RETURN(ProfileSettings profile, load_profile(options));
    for (const auto& [k, v] : profile.values) {
        if (k == "endpoint_url") {
            return v;
        }
    }
    return std::string();
}

}  // namespace tripline::awsclient
