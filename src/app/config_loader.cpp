#include "app/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "app/config_reader.h"
#include "app/config_resources.h"
#include "app/config_sections.h"
#include "base/arn.h"
#include "json/json_writer.h"

namespace tripline::app {

namespace {

using Reader = ConfigReader;

constexpr std::size_t kMaxConfigBytes = 16 * 1024 * 1024;
constexpr int kMaxNesting = 64;

bool is_valid_user_name(const std::string& name) {
    static const std::regex kUserName(R"([\w+=,.@-]{1,64})");
    return std::regex_match(name, kUserName);
}

bool is_valid_access_key_id(const std::string& id) {
    if (id.size() < 16 || id.size() > 128) {
        return false;
    }
    for (char c : id) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return true;
}

bool is_valid_listen(const std::string& listen) {
    std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) {
        return false;
    }
    std::string port = listen.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    return std::stoul(port) <= 65535;
}

void read_access_key(Reader& r, const YAML::Node& node, AccessKeyConfig& key) {
    key.where = r.where(node);
    std::optional<YAML::Node> id_node;
    std::optional<YAML::Node> secret_node;
    r.mapping(node,
              "access key",
              {{"id", [&](const YAML::Node& n) { id_node = n; }},
               {"secret", [&](const YAML::Node& n) { secret_node = n; }},
               {"status", [&](const YAML::Node& n) { r.string(n, "status", key.status); }}});
    if (!node.IsMap()) {
        return;
    }
    if (!id_node) {
        r.error(node, "access key needs an 'id'");
    } else {
        r.string(*id_node, "access key id", key.access_key_id);
        if (!key.access_key_id.empty() && !is_valid_access_key_id(key.access_key_id)) {
            r.error(*id_node, "access key id must be 16-128 upper-case letters and digits");
        }
    }
    if (!secret_node) {
        r.error(node, "access key needs a 'secret'");
    } else {
        r.string(*secret_node, "access key secret", key.secret_access_key);
        if (key.secret_access_key.size() < 16) {
            // The secret itself is never echoed: diagnostics may end up in logs.
            r.error(*secret_node, "access key secret must be at least 16 characters");
        }
    }
    if (key.status != "Active" && key.status != "Inactive") {
        r.error(node, "access key status must be Active or Inactive, got '" + key.status + "'");
    }
}

void read_user(Reader& r, const YAML::Node& node, UserConfig& user) {
    user.where = r.where(node);
    r.mapping(node,
              "user",
              {{"name", [&](const YAML::Node& n) { r.string(n, "user name", user.name); }},
               {"path", [&](const YAML::Node& n) { r.string(n, "user path", user.path); }},
               {"access_keys",
                [&](const YAML::Node& n) {
                    r.sequence(n, "access_keys", [&](const YAML::Node& item) {
                        read_access_key(r, item, user.access_keys.emplace_back());
                    });
                }},
               {"policies", [&](const YAML::Node& n) { read_user_iam(r, "policies", n, user); }},
               {"inline_policies",
                [&](const YAML::Node& n) { read_user_iam(r, "inline_policies", n, user); }},
               {"groups", [&](const YAML::Node& n) { read_user_iam(r, "groups", n, user); }}});
    if (node.IsMap() && !is_valid_user_name(user.name)) {
        r.error(node,
                user.name.empty() ? "user needs a 'name'"
                                  : "user name '" + user.name +
                                        "' must be 1-64 characters of letters, digits and +=,.@_-");
    }
    if (user.path.empty() || user.path.front() != '/' || user.path.back() != '/') {
        r.error(node, "user path must begin and end with '/'");
    }
}

void read_account(Reader& r, const YAML::Node& node, AccountConfig& account) {
    account.where = r.where(node);
    std::optional<YAML::Node> id_node;
    r.mapping(
        node,
        "account",
        {{"id",
          [&](const YAML::Node& n) {
              id_node = n;
              r.string(n, "account id", account.id);
          }},
         {"alias", [&](const YAML::Node& n) { r.string(n, "account alias", account.alias); }},
         {"users",
          [&](const YAML::Node& n) {
              r.sequence(n, "users", [&](const YAML::Node& item) {
                  read_user(r, item, account.users.emplace_back());
              });
          }},
         {"groups", [&](const YAML::Node& n) { read_account_iam(r, "groups", n, account); }},
         {"roles", [&](const YAML::Node& n) { read_account_iam(r, "roles", n, account); }},
         {"policies", [&](const YAML::Node& n) { read_account_iam(r, "policies", n, account); }}});
    if (id_node && !is_valid_account_id(account.id)) {
        r.error(*id_node,
                "account id must be 12 digits (quote it in YAML), got '" + account.id + "'");
    }
}

void check_uniqueness(std::vector<Diagnostic>& out, const Config& config) {
    std::set<std::string> accounts;
    std::set<std::string> keys;
    auto error = [&](const TextSpan& where, std::string message) {
        out.push_back(Diagnostic{Severity::kError, where, std::move(message)});
    };
    for (const auto& account : config.accounts) {
        if (!accounts.insert(account.id).second) {
            error(account.where, "account " + account.id + " is declared twice");
        }
        std::set<std::string> users;
        for (const auto& user : account.users) {
            if (!users.insert(user.name).second) {
                error(user.where,
                      "user '" + user.name + "' is declared twice in account " + account.id);
            }
            for (const auto& key : user.access_keys) {
                if (!key.access_key_id.empty() && !keys.insert(key.access_key_id).second) {
                    error(key.where, "access key " + key.access_key_id + " is declared twice");
                }
            }
        }
    }
}

// yaml-cpp recurses once per nesting level; refuse pathological nesting before handing it the text.
bool nesting_within_limit(std::string_view text) {
    int depth = 0;
    for (char c : text) {
        if (c == '[' || c == '{') {
            if (++depth > kMaxNesting) {
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

void read_root(Reader& r, const YAML::Node& root, Config& config) {
    if (root.IsNull()) {
        return;  // an empty file means all defaults
    }
    r.mapping(
        root,
        "the configuration",
        {{"server",
          [&](const YAML::Node& n) {
              r.mapping(n,
                        "server",
                        {{"listen",
                          [&](const YAML::Node& v) {
                              r.string(v, "server.listen", config.server.listen);
                              if (!is_valid_listen(config.server.listen)) {
                                  r.error(v,
                                          "server.listen must be HOST:PORT, got '" +
                                              config.server.listen + "'");
                              }
                          }},
                         {"data_dir",
                          [&](const YAML::Node& v) {
                              r.string(v, "server.data_dir", config.server.data_dir);
                          }},
                         {"region",
                          [&](const YAML::Node& v) {
                              r.string(v, "server.region", config.server.region);
                          }},
                         {"max_request_bytes",
                          [&](const YAML::Node& v) {
                              r.size(
                                  v, "server.max_request_bytes", config.server.max_request_bytes);
                          }},
                         {"worker_threads",
                          [&](const YAML::Node& v) {
                              r.size(v, "server.worker_threads", config.server.worker_threads);
                          }},
                         {"tls_certificate",
                          [&](const YAML::Node& v) {
                              r.string(v, "server.tls_certificate", config.server.tls_certificate);
                          }},
                         {"tls_private_key",
                          [&](const YAML::Node& v) {
                              r.string(v, "server.tls_private_key", config.server.tls_private_key);
                          }},
                         {"public_url", [&](const YAML::Node& v) {
                              r.string(v, "server.public_url", config.server.public_url);
                          }}});
          }},
         {"log",
          [&](const YAML::Node& n) {
              r.mapping(n,
                        "log",
                        {{"level",
                          [&](const YAML::Node& v) {
                              r.string(v, "log.level", config.log.level);
                              static const std::set<std::string> kLevels{
                                  "trace", "debug", "info", "warn", "error", "critical", "off"};
                              if (!kLevels.contains(config.log.level)) {
                                  r.error(v,
                                          "log.level must be one of trace, debug, info, warn, "
                                          "error, critical, off");
                              }
                          }},
                         {"format", [&](const YAML::Node& v) {
                              std::string format;
                              r.string(v, "log.format", format);
                              if (format == "json") {
                                  config.log.format = LogFormat::kJson;
                              } else if (format == "text") {
                                  config.log.format = LogFormat::kText;
                              } else {
                                  r.error(v, "log.format must be text or json");
                              }
                          }}});
          }},
         {"accounts",
          [&](const YAML::Node& n) {
              r.sequence(n, "accounts", [&](const YAML::Node& item) {
                  read_account(r, item, config.accounts.emplace_back());
              });
          }},
         {"smtp", [&](const YAML::Node& n) { read_smtp(r, n, config.smtp); }},
         {"delivery", [&](const YAML::Node& n) { read_delivery(r, n, config.delivery); }},
         {"topics", [&](const YAML::Node& n) { read_topics(r, n, config.topics); }},
         {"rules", [&](const YAML::Node& n) { read_rules(r, n, config.rules); }},
         {"api_destinations",
          [&](const YAML::Node& n) { read_api_destinations(r, n, config.api_destinations); }},
         {"trail", [&](const YAML::Node& n) { read_trail_pipeline(r, n, config.trail); }},
         {"trails", [&](const YAML::Node& n) { read_trails(r, n, config.trails); }},
         {"kms_keys", [&](const YAML::Node& n) { read_kms_keys(r, n, config.kms_keys); }},
         {"secrets", [&](const YAML::Node& n) { read_secrets(r, n, config.secrets); }},
         {"guardduty", [&](const YAML::Node& n) { read_guardduty(r, n, config.guardduty); }},
         {"macie", [&](const YAML::Node& n) { read_macie(r, n, config.macie); }},
         {"cloudwatch", [&](const YAML::Node& n) { read_cloudwatch(r, n, config.cloudwatch); }},
         {"athena", [&](const YAML::Node& n) { read_athena(r, n, config.athena); }},
         {"insights", [&](const YAML::Node& n) { read_insights(r, n, config.insights); }}});
    if ((config.server.tls_certificate.empty()) != (config.server.tls_private_key.empty())) {
        r.error(root, "server.tls_certificate and server.tls_private_key must be set together");
    }
}

}  // namespace

std::string Diagnostic::to_string() const {
    return where.to_string() + (severity == Severity::kError ? ": error: " : ": warning: ") +
           message;
}

bool ConfigReport::ok() const { return error_count() == 0; }

std::size_t ConfigReport::error_count() const {
    std::size_t n = 0;
    for (const auto& d : diagnostics) {
        n += d.severity == Severity::kError ? 1 : 0;
    }
    return n;
}

std::size_t ConfigReport::warning_count() const { return diagnostics.size() - error_count(); }

ConfigReport load_config_text(std::string_view text, const std::string& file_name) {
    ConfigReport report;
    report.config.source = file_name;
    Reader reader(file_name, report.diagnostics);
    if (text.size() > kMaxConfigBytes) {
        report.diagnostics.push_back(
            Diagnostic{Severity::kError, TextSpan{file_name, {}}, "file is larger than 16 MiB"});
        return report;
    }
    if (!nesting_within_limit(text)) {
        report.diagnostics.push_back(
            Diagnostic{Severity::kError, TextSpan{file_name, {}}, "nesting deeper than 64 levels"});
        return report;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        TextSpan span{file_name, {}};
        if (e.mark.line >= 0) {
            span.begin = TextPosition{static_cast<std::size_t>(e.mark.pos),
                                      static_cast<std::size_t>(e.mark.line) + 1,
                                      static_cast<std::size_t>(e.mark.column) + 1};
        }
        report.diagnostics.push_back(Diagnostic{Severity::kError, span, "syntax error: " + e.msg});
        return report;
    }
    try {
        read_root(reader, root, report.config);
        check_uniqueness(report.diagnostics, report.config);
    } catch (const YAML::Exception& e) {
        report.diagnostics.push_back(
            Diagnostic{Severity::kError, TextSpan{file_name, {}}, "invalid document: " + e.msg});
    }
    return report;
}

ConfigReport load_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ConfigReport report;
        report.diagnostics.push_back(
            Diagnostic{Severity::kError, TextSpan{path, {}}, "cannot read the file"});
        return report;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return load_config_text(text.str(), path);
}

std::string diagnostics_to_json(const ConfigReport& report) {
    std::string out = "{\"valid\":";
    out += report.ok() ? "true" : "false";
    out += ",\"errors\":" + std::to_string(report.error_count());
    out += ",\"warnings\":" + std::to_string(report.warning_count());
    out += ",\"diagnostics\":[";
    for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
        const auto& d = report.diagnostics[i];
        if (i > 0) {
            out += ',';
        }
        out += "{\"severity\":\"";
        out += d.severity == Severity::kError ? "error" : "warning";
        out += "\",\"file\":";
        json::append_escaped_string(out, d.where.file);
        out += ",\"line\":" + std::to_string(d.where.begin.line);
        out += ",\"column\":" + std::to_string(d.where.begin.column);
        out += ",\"message\":";
        json::append_escaped_string(out, d.message);
        out += '}';
    }
    out += "]}";
    return out;
}

}  // namespace tripline::app
