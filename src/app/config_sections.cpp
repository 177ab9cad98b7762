#include "app/config_sections.h"

#include <charconv>

namespace tripline::app {

void read_smtp(ConfigReader& r, const YAML::Node& node, SmtpConfig& smtp) {
    smtp.where = r.where(node);
    r.mapping(
        node,
        "smtp",
        {{"host", [&](const YAML::Node& v) { r.string(v, "smtp.host", smtp.host); }},
         {"port",
          [&](const YAML::Node& v) {
              r.size(v, "smtp.port", smtp.port);
              if (smtp.port > 65535) {
                  r.error(v, "smtp.port must be between 1 and 65535");
              }
          }},
         {"tls",
          [&](const YAML::Node& v) {
              r.string(v, "smtp.tls", smtp.tls);
              if (smtp.tls != "none" && smtp.tls != "starttls" && smtp.tls != "tls") {
                  r.error(v, "smtp.tls must be none, starttls or tls");
              }
          }},
         {"username", [&](const YAML::Node& v) { r.string(v, "smtp.username", smtp.username); }},
         {"password", [&](const YAML::Node& v) { r.string(v, "smtp.password", smtp.password); }},
         {"from", [&](const YAML::Node& v) {
              r.string(v, "smtp.from", smtp.from);
              if (smtp.from.find_first_of("\r\n<>,") != std::string::npos ||
                  smtp.from.find('@') == std::string::npos) {
                  r.error(v, "smtp.from must be a plain e-mail address");
              }
          }}});
    if (node.IsMap() && smtp.host.empty()) {
        r.error(node, "smtp.host is required when an smtp section is given");
    }
}

void read_delivery(ConfigReader& r, const YAML::Node& node, DeliveryConfig& delivery) {
    r.mapping(node,
              "delivery",
              {{"threads",
                [&](const YAML::Node& v) {
                    r.size(v, "delivery.threads", delivery.threads);
                    if (delivery.threads > 64) {
                        r.error(v, "delivery.threads must be at most 64");
                    }
                }},
               {"retry_delay_scale",
                [&](const YAML::Node& v) {
                    r.number(v, "delivery.retry_delay_scale", delivery.retry_delay_scale);
                    if (!(delivery.retry_delay_scale > 0 && delivery.retry_delay_scale <= 100)) {
                        r.error(v, "delivery.retry_delay_scale must be > 0 and <= 100");
                    }
                }},
               {"keep_delivered_hours", [&](const YAML::Node& v) {
                    r.number(v, "delivery.keep_delivered_hours", delivery.keep_delivered_hours);
                    if (!(delivery.keep_delivered_hours >= 0 &&
                          delivery.keep_delivered_hours <= 24 * 365)) {
                        r.error(v, "delivery.keep_delivered_hours must be >= 0 and <= 8760");
                    }
                }}});
}

Status parse_smtp_relay(std::string_view relay, SmtpConfig& smtp) {
    const std::size_t colon = relay.rfind(':');
    unsigned port = 0;
    const char* end = relay.data() + relay.size();
    if (colon == std::string_view::npos || colon == 0 ||
        std::from_chars(relay.data() + colon + 1, end, port).ptr != end || port == 0 ||
        port > 65535) {
        return make_error(Errc::kInvalidArgument,
                          "--smtp-relay must be HOST:PORT, got '" + std::string(relay) + "'");
    }
    smtp.host = std::string(relay.substr(0, colon));
    smtp.port = port;
    smtp.tls = "starttls";
    return ok_status();
}

}  // namespace tripline::app
