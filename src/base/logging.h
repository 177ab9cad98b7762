// Logging set-up: spdlog to stderr (stdout carries command results only), as text or JSON lines.
// Secrets never reach logs: log call sites pass ids, never secret keys, passwords or signatures,
// and redact_secret() masks a value when one must be mentioned.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline {

enum class LogFormat { kText, kJson };

struct LogOptions {
    std::string level = "info";  // trace, debug, info, warn, error, critical, off
    LogFormat format = LogFormat::kText;
};

// Configures the default logger; an unknown level is an error that names the accepted ones.
Status setup_logging(const LogOptions& options);

// "AKIA************WXYZ": keeps the first four and last four characters of long values.
std::string redact_secret(std::string_view value);

}  // namespace tripline
