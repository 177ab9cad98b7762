// Fuzzes the filter-pattern parser and matcher. Input: the first line is the pattern, the rest a
// log event message. Any pattern is either rejected with a positioned kInvalidArgument or
// kLimitExceeded error, or parses and then matches the message (and fixed messages) without
// crashing; match() and matches() agree, extracted values are produced only by space-delimited
// patterns, and every extracted key passes check_selector().
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "filter_pattern/filter_pattern.h"

namespace {

constexpr std::string_view kMessages[] = {
    R"({"eventVersion":"1.08","userIdentity":{"type":"Root","invokedBy":"x"},"eventName":)"
    R"("ConsoleLogin","errorCode":"AccessDenied","n":[1,2.5,-3e2,{"k":null}],"t":true,"a.b":"c"})",
    R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534)",
    "[ERROR 400] BAD REQUEST",
    "",
    "   ",
    R"({"unterminated":)",
};

void check(const tripline::filter_pattern::FilterPattern& pattern, std::string_view text) {
    using tripline::filter_pattern::ExtractedValues;
    using tripline::filter_pattern::LogMessage;
    using tripline::filter_pattern::PatternKind;
    LogMessage message(text);
    ExtractedValues values;
    const bool verdict = pattern.match(message, values);
    if (verdict != pattern.matches(message) || verdict != pattern.matches(text)) {
        std::abort();
    }
    if (!values.empty() && (pattern.kind() != PatternKind::kSpaceDelimited || !verdict)) {
        std::abort();
    }
    for (const auto& [key, value] : values) {
        if (!pattern.check_selector(key)) {
            std::abort();
        }
        (void)pattern.extract(message, key);
    }
    (void)pattern.extract(message, "$.n[2]");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t newline = input.find('\n');
    std::string_view pattern_text = input.substr(0, newline);
    std::string_view message =
        newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    auto pattern = tripline::filter_pattern::FilterPattern::parse(pattern_text);
    if (!pattern) {
        const auto& e = pattern.error();
        if ((e.code != tripline::Errc::kInvalidArgument &&
             e.code != tripline::Errc::kLimitExceeded) ||
            !e.where || e.where->begin.offset > pattern_text.size()) {
            std::abort();
        }
        return 0;
    }
    if (pattern->text() != pattern_text || pattern->regex_count() < 0) {
        std::abort();
    }
    check(*pattern, message);
    for (std::string_view fixed : kMessages) {
        check(*pattern, fixed);
    }
    return 0;
}
