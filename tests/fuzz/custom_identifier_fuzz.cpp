// Fuzzes custom data identifiers and allow lists (macie.md §6, §7): any regex is accepted or
// rejected with kInvalidArgument, never a crash; what compiles scans any text with well-formed
// results. The first byte picks the target, the rest is its input:
//   0  the whole input is a regex: dialect check + validation
//   1  "regex\ntext": validation, then matching with keywords and ignore words taken from the
//      text; every match lies inside the value, in order of begin, contains no ignore word, and
//      TestCustomDataIdentifier counts the same matches on a short text, and the keyword rule
//      agrees with a naive reference (every keyword occurrence, no window)
//   2  "regex\nword lines": both allow-list kinds; a word list allows each of its own entries
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "scan/allow_list.h"
#include "scan/custom_identifier.h"
#include "scan/custom_regex_dialect.h"

namespace {

using tripline::scan::AllowList;
using tripline::scan::CustomIdentifierSpec;
using tripline::scan::CustomMatcher;
using tripline::scan::Match;
using tripline::scan::ValueContext;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    std::size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

void fuzz_regex(std::string_view regex) {
    (void)tripline::scan::internal::check_regex_dialect(regex);
    CustomIdentifierSpec spec;
    spec.name = "fuzz";
    spec.regex = std::string(regex);
    auto status = tripline::scan::validate_custom_identifier(spec);
    check(status || (status.error().code == tripline::Errc::kInvalidArgument &&
                     status.error().message.starts_with("regex: ")));
}

// The keyword rule without shortcuts: some occurrence of some keyword ends at or before `begin`
// with at most `distance` characters from its end to `end`.
bool reference_keyword_rule(const CustomIdentifierSpec& spec,
                            std::string_view text,
                            std::size_t begin,
                            std::size_t end) {
    std::string folded_text;
    tripline::scan::internal::fold_case(text, folded_text);
    for (const std::string& keyword : spec.keywords) {
        std::string folded_keyword;
        tripline::scan::internal::fold_case(keyword, folded_keyword);
        for (std::size_t at = folded_text.find(folded_keyword); at != std::string::npos;
             at = folded_text.find(folded_keyword, at + 1)) {
            std::size_t keyword_end = at + folded_keyword.size();
            if (keyword_end <= begin && tripline::scan::internal::utf8_length(
                                            text.substr(keyword_end, end - keyword_end)) <=
                                            static_cast<std::size_t>(spec.maximum_match_distance)) {
                return true;
            }
        }
    }
    return false;
}

void check_keyword_rule(const CustomIdentifierSpec& spec,
                        const CustomMatcher& matcher,
                        std::string_view text) {
    CustomIdentifierSpec plain = spec;
    plain.keywords.clear();
    auto all = CustomMatcher::compile({plain});
    check(all.has_value());
    std::vector<Match> every;
    all->scan(text, ValueContext{}, every);
    std::vector<Match> kept;
    matcher.scan(text, ValueContext{}, kept);
    std::size_t k = 0;
    for (const Match& m : every) {
        bool expected = reference_keyword_rule(spec, text, m.begin, m.end);
        bool actual = k < kept.size() && kept[k].begin == m.begin && kept[k].end == m.end;
        check(expected == actual);
        k += actual ? 1 : 0;
    }
    check(k == kept.size());
}

void fuzz_matching(std::string_view input) {
    std::size_t newline = input.find('\n');
    CustomIdentifierSpec spec;
    spec.name = "fuzz";
    spec.regex = std::string(input.substr(0, newline));
    std::string_view text =
        newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    // Keywords and ignore words from the text itself, so that they occur.
    if (text.size() >= 8 && (text[0] & 1)) {
        spec.keywords.emplace_back(text.substr(1, 3));
        spec.maximum_match_distance = 1 + static_cast<unsigned char>(text[4]) % 300;
    }
    if (text.size() >= 12 && (text[0] & 2)) {
        spec.ignore_words.emplace_back(text.substr(8, 4));
    }
    if (!tripline::scan::validate_custom_identifier(spec)) {
        return;
    }
    auto matcher = CustomMatcher::compile({spec});
    check(matcher.has_value());
    std::vector<std::string_view> names = {"rows", "FUZZ-NAME"};
    for (bool with_names : {false, true}) {
        std::vector<Match> out;
        ValueContext context;
        if (with_names) {
            context.names = names;
        }
        matcher->scan(text, context, out);
        std::size_t previous_begin = 0;
        for (const Match& m : out) {
            check(m.kind == Match::Kind::kCustom && m.index == 0);
            check(m.begin < m.end && m.end <= text.size());
            check(m.begin >= previous_begin);
            previous_begin = m.begin;
            std::string_view matched = text.substr(m.begin, m.end - m.begin);
            for (const std::string& word : spec.ignore_words) {
                check(matched.find(word) == std::string_view::npos);
            }
        }
        if (!with_names && text.size() <= 1000) {
            auto count = tripline::scan::test_custom_identifier(spec, text);
            check(count.has_value() && *count == out.size());
        }
    }
    if (!spec.keywords.empty() && text.size() <= 1000) {
        check_keyword_rule(spec, *matcher, text);
    }
}

void fuzz_allow_lists(std::string_view input) {
    std::size_t newline = input.find('\n');
    std::string_view first = input.substr(0, newline);
    if (auto list = AllowList::from_regex(first)) {
        (void)list->allows(first);
        (void)list->allows("");
        (void)list->allows(input);
    }
    auto words = AllowList::from_words(input);
    if (!words) {
        check(words.error().code == tripline::Errc::kLimitExceeded);
        return;
    }
    std::string_view rest = input;
    if (rest.starts_with("\xEF\xBB\xBF")) {
        rest.remove_prefix(3);
    }
    while (!rest.empty()) {
        std::size_t end = rest.find('\n');
        std::string_view entry = trim(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        if (!entry.empty()) {
            check(words->allows(entry));
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0 || size > 4096) {
        return 0;
    }
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            fuzz_regex(input);
            break;
        case 1:
            fuzz_matching(input);
            break;
        default:
            fuzz_allow_lists(input);
            break;
    }
    return 0;
}
