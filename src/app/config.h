// Config: what one Tripline installation declares in its YAML/JSON file (`--config`). Every field
// has an embedded default, so `tripline serve` runs with no file at all. Later issues add their
// resource types (topics, rules, trails, ...) here; the loader (config_loader.h) fills and
// validates it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/logging.h"
#include "base/text_position.h"

namespace tripline::app {

inline constexpr const char* kDefaultAccountId = "123456789012";
inline constexpr const char* kDefaultRegion = "us-east-1";
inline constexpr const char* kDefaultListen = "127.0.0.1:4566";
inline constexpr const char* kDefaultDataDir = "./var";

struct AccessKeyConfig {
    std::string access_key_id;
    std::string secret_access_key;
    std::string status = "Active";
    TextSpan where;
};

struct UserConfig {
    std::string name;
    std::string path = "/";
    std::vector<AccessKeyConfig> access_keys;
    TextSpan where;
};

struct AccountConfig {
    std::string id = kDefaultAccountId;
    std::string alias;
    std::vector<UserConfig> users;
    TextSpan where;
};

struct ServerConfig {
    std::string listen = kDefaultListen;
    std::string data_dir = kDefaultDataDir;
    std::string region = kDefaultRegion;  // the region requests without one are recorded in
    std::size_t max_request_bytes = 16 * 1024 * 1024;
    std::size_t worker_threads = 64;  // one keep-alive connection per worker (cpp-httplib)
    std::string tls_certificate;      // PEM files; both set → HTTPS
    std::string tls_private_key;
    // Base URL of links in e-mails and SNS messages (confirm, unsubscribe, signing certificate);
    // empty: the listen address.
    std::string public_url;
};

struct Config {
    ServerConfig server;
    LogOptions log;
    std::vector<AccountConfig> accounts;
    std::string source;  // the file it came from; empty for the embedded defaults
};

}  // namespace tripline::app
