#include "base/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace tripline {

Status setup_logging(const LogOptions& options) {
    spdlog::level::level_enum level = spdlog::level::from_str(options.level);
    // from_str answers `off` for anything it does not know; only accept `off` when asked for.
    if (level == spdlog::level::off && options.level != "off") {
        return make_error(Errc::kInvalidArgument,
                          "unknown log level '" + options.level +
                              "' (expected trace, debug, info, warn, error, critical or off)");
    }
    spdlog::drop("tripline");
    auto logger = spdlog::stderr_color_mt("tripline");
    if (options.format == LogFormat::kJson) {
        logger->set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"message":"%v"})",
            spdlog::pattern_time_type::utc);
    } else {
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
    }
    logger->set_level(level);
    spdlog::set_default_logger(logger);
    return ok_status();
}

std::string redact_secret(std::string_view value) {
    if (value.size() <= 8) {
        return std::string(value.size(), '*');
    }
    std::string out(value.substr(0, 4));
    out.append(value.size() - 8, '*');
    out.append(value.substr(value.size() - 4));
    return out;
}

}  // namespace tripline
