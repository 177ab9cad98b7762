// Config: KMS keys (`kms_keys:`) and Secrets Manager secrets (`secrets:`). Names and values are
// checked here for what the file alone can tell; the services check the rest when they are applied.
#include "app/config_resources.h"

namespace tripline::app {

namespace {

void read_kms_key(ConfigReader& r, const YAML::Node& node, KmsKeyConfig& key) {
    key.where = r.where(node);
    r.mapping(
        node,
        "a KMS key",
        {{"alias", [&](const YAML::Node& v) { r.string(v, "key alias", key.alias); }},
         {"account", [&](const YAML::Node& v) { r.string(v, "key account", key.account); }},
         {"region", [&](const YAML::Node& v) { r.string(v, "key region", key.region); }},
         {"description",
          [&](const YAML::Node& v) { r.string(v, "key description", key.description); }},
         {"enabled", [&](const YAML::Node& v) { r.boolean(v, "key enabled", key.enabled); }}});
    if (!node.IsMap()) {
        return;
    }
    if (key.alias.empty()) {
        r.error(node, "a KMS key needs an 'alias' (alias/NAME), by which restarts find it again");
        return;
    }
    if (!key.alias.starts_with("alias/")) {
        key.alias = "alias/" + key.alias;
    }
    if (key.alias.starts_with("alias/aws/")) {
        r.error(node,
                "key alias '" + key.alias +
                    "': the alias/aws/ prefix is reserved for AWS managed keys");
    }
}

void read_secret(ConfigReader& r, const YAML::Node& node, SecretConfig& secret) {
    secret.where = r.where(node);
    r.mapping(
        node,
        "a secret",
        {{"name", [&](const YAML::Node& v) { r.string(v, "secret name", secret.name); }},
         {"account", [&](const YAML::Node& v) { r.string(v, "secret account", secret.account); }},
         {"region", [&](const YAML::Node& v) { r.string(v, "secret region", secret.region); }},
         {"description",
          [&](const YAML::Node& v) { r.string(v, "secret description", secret.description); }},
         {"kms_key", [&](const YAML::Node& v) { r.string(v, "secret kms_key", secret.kms_key); }},
         {"value",
          [&](const YAML::Node& v) {
              // A mapping is the JSON secret string most secrets hold ({"username": ...}).
              secret.value = v.IsScalar() ? v.Scalar() : json_document(r, v, "secret value");
          }},
         {"value_from_env", [&](const YAML::Node& v) {
              r.string(v, "secret value_from_env", secret.value_from_env);
          }}});
    if (!node.IsMap()) {
        return;
    }
    if (secret.name.empty()) {
        r.error(node, "a secret needs a 'name'");
    } else if (secret.name.size() > 512 ||
               secret.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789/_+=.@-") != std::string::npos) {
        r.error(node,
                "secret name '" + secret.name +
                    "' must be 1-512 characters of letters, digits and /_+=.@-");
    }
    if (secret.value.has_value() == !secret.value_from_env.empty()) {
        r.error(node, "a secret needs exactly one of 'value' and 'value_from_env'");
    }
}

}  // namespace

void read_kms_keys(ConfigReader& r, const YAML::Node& node, std::vector<KmsKeyConfig>& keys) {
    r.sequence(node, "kms_keys", [&](const YAML::Node& item) {
        read_kms_key(r, item, keys.emplace_back());
    });
}

void read_secrets(ConfigReader& r, const YAML::Node& node, std::vector<SecretConfig>& secrets) {
    r.sequence(node, "secrets", [&](const YAML::Node& item) {
        read_secret(r, item, secrets.emplace_back());
    });
}

}  // namespace tripline::app
