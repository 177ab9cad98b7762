// Readers of the configuration's delivery sections (`smtp:`, `delivery:`); the loader calls them
// from read_root(). Each reports problems through the ConfigReader and leaves defaults in place.
#pragma once

#include "app/config.h"
#include "app/config_reader.h"

namespace tripline::app {

void read_smtp(ConfigReader& r, const YAML::Node& node, SmtpConfig& smtp);
void read_delivery(ConfigReader& r, const YAML::Node& node, DeliveryConfig& delivery);

// "HOST:PORT" of `--smtp-relay` into `smtp` (host, port; tls stays starttls-when-offered).
// Errors: kInvalidArgument naming the flag's value.
Status parse_smtp_relay(std::string_view relay, SmtpConfig& smtp);

}  // namespace tripline::app
