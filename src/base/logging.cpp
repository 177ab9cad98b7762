#include "base/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <string_view>

namespace tripline {

namespace {

// %* in the JSON pattern: the message as the contents of a JSON string, so that quotes, backslashes
// and control characters in a message cannot break the line's JSON.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg,
                const std::tm& /*time*/,
                spdlog::memory_buf_t& dest) override {
        static constexpr char kHex[] = "0123456789abcdef";
        auto put = [&dest](std::string_view text) {
            dest.append(text.data(), text.data() + text.size());
        };
        for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
            switch (c) {
                case '"':
                    put("\\\"");
                    break;
                case '\\':
                    put("\\\\");
                    break;
                case '\n':
                    put("\\n");
                    break;
                default:
                    if (static_cast<unsigned char>(c) < 0x20) {
                        char esc[] = {'\\', 'u', '0', '0', kHex[(c >> 4) & 0xF], kHex[c & 0xF]};
                        dest.append(esc, esc + sizeof esc);
                    } else {
                        dest.push_back(c);
                    }
            }
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonEscapedMessage>();
    }
};

}  // namespace

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
        auto formatter =
            std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
        formatter->add_flag<JsonEscapedMessage>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"message":"%*"})");
        logger->set_formatter(std::move(formatter));
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
