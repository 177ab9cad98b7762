// Custom data identifiers (macie.md §6). Lengths are counted in UTF-8 characters (code points);
// Match offsets are bytes. Keyword rule, as Macie documents it for CDIs: a complete keyword
// (case-insensitive substring, no word-boundary requirement) must end at or before the start of
// the match, and the characters from the end of the keyword to the end of the match must number at
// most maximumMatchDistance; a keyword inside a context name (column or element name) counts for
// every match of the value. Ignore words are case-sensitive substrings of the matched text.
#include "scan/custom_identifier.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "scan/custom_regex_dialect.h"

namespace tripline::scan {
namespace {

constexpr std::size_t kMaxNameChars = 128;
constexpr std::size_t kMaxRegexChars = 512;
constexpr std::size_t kMaxKeywords = 50;
constexpr std::size_t kMinKeywordChars = 3;
constexpr std::size_t kMaxKeywordChars = 90;
constexpr std::size_t kMaxIgnoreWords = 10;
constexpr std::size_t kMinIgnoreWordChars = 4;
constexpr std::size_t kMaxIgnoreWordChars = 90;
constexpr int kMinMatchDistance = 1;
constexpr int kMaxMatchDistance = 300;
constexpr std::size_t kMaxSeverityLevels = 3;
constexpr std::size_t kMaxSampleTextChars = 1000;
// Work bounds per scanned value: matches reported in total, and per identifier the non-empty
// matches examined (reported or dropped by the keyword / ignore-word rules) and the empty matches
// stepped over. A pattern that can match the empty string therefore stops looking after 100,000
// empty matches in one value.
constexpr std::size_t kMaxMatchesPerValue = 100'000;

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

RE2::Options regex_options() {
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    return options;
}

Status validate_regex(std::string_view regex) {
    if (regex.empty()) {
        return invalid("regex: is required");
    }
    std::size_t length = internal::utf8_length(regex);
    if (length > kMaxRegexChars) {
        return invalid("regex: must be at most " + std::to_string(kMaxRegexChars) +
                       " characters (got " + std::to_string(length) + ")");
    }
    if (auto issue = internal::check_regex_dialect(regex)) {
        return invalid(internal::describe_regex_issue(regex, *issue));
    }
    RE2 re(re2::StringPiece(regex.data(), regex.size()), regex_options());
    if (!re.ok()) {
        return invalid(internal::describe_re2_error(regex, re.error(), re.error_arg()));
    }
    return {};
}

Status validate_words(const std::vector<std::string>& words,
                      const char* field,
                      const char* singular,
                      std::size_t max_count,
                      std::size_t min_chars,
                      std::size_t max_chars) {
    if (words.size() > max_count) {
        return invalid(std::string(field) + ": at most " + std::to_string(max_count) + " " +
                       singular + "s are allowed (got " + std::to_string(words.size()) + ")");
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::size_t length = internal::utf8_length(words[i]);
        if (length < min_chars || length > max_chars) {
            return invalid(std::string(field) + ": each " + singular + " must be " +
                           std::to_string(min_chars) + " to " + std::to_string(max_chars) +
                           " characters (" + singular + " " + std::to_string(i + 1) + " has " +
                           std::to_string(length) + ")");
        }
    }
    return {};
}

Status validate_severity_levels(const std::vector<SeverityLevel>& levels) {
    if (levels.size() > kMaxSeverityLevels) {
        return invalid("severityLevels: at most " + std::to_string(kMaxSeverityLevels) +
                       " severity levels are allowed (got " + std::to_string(levels.size()) + ")");
    }
    for (const SeverityLevel& level : levels) {
        int severity = static_cast<int>(level.severity);
        if (severity < static_cast<int>(Severity::kLow) ||
            severity > static_cast<int>(Severity::kHigh)) {
            return invalid("severityLevels: severity must be LOW, MEDIUM or HIGH");
        }
        if (level.occurrences_threshold < 1) {
            return invalid("severityLevels: occurrencesThreshold must be at least 1");
        }
    }
    // The list's order is free; by threshold, the severities must rise LOW -> MEDIUM -> HIGH.
    std::vector<SeverityLevel> sorted = levels;
    std::sort(sorted.begin(), sorted.end(), [](const SeverityLevel& a, const SeverityLevel& b) {
        return a.occurrences_threshold < b.occurrences_threshold;
    });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].occurrences_threshold == sorted[i - 1].occurrences_threshold) {
            return invalid("severityLevels: occurrencesThreshold values must be distinct (" +
                           std::to_string(sorted[i].occurrences_threshold) + " appears twice)");
        }
        if (sorted[i].severity <= sorted[i - 1].severity) {
            return invalid(
                "severityLevels: occurrencesThreshold values must ascend with the severity "
                "(LOW < MEDIUM < HIGH), each severity at most once");
        }
    }
    return {};
}

Status validate_spec(const CustomIdentifierSpec& spec, bool require_name) {
    if (require_name) {
        if (spec.name.empty()) {
            return invalid("name: is required");
        }
        std::size_t length = internal::utf8_length(spec.name);
        if (length > kMaxNameChars) {
            return invalid("name: must be at most " + std::to_string(kMaxNameChars) +
                           " characters (got " + std::to_string(length) + ")");
        }
    }
    if (auto status = validate_regex(spec.regex); !status) {
        return status;
    }
    if (auto status = validate_words(
            spec.keywords, "keywords", "keyword", kMaxKeywords, kMinKeywordChars, kMaxKeywordChars);
        !status) {
        return status;
    }
    if (spec.maximum_match_distance < kMinMatchDistance ||
        spec.maximum_match_distance > kMaxMatchDistance) {
        return invalid("maximumMatchDistance: must be between " +
                       std::to_string(kMinMatchDistance) + " and " +
                       std::to_string(kMaxMatchDistance) + " (got " +
                       std::to_string(spec.maximum_match_distance) + ")");
    }
    if (auto status = validate_words(spec.ignore_words,
                                     "ignoreWords",
                                     "ignore word",
                                     kMaxIgnoreWords,
                                     kMinIgnoreWordChars,
                                     kMaxIgnoreWordChars);
        !status) {
        return status;
    }
    return validate_severity_levels(spec.severity_levels);
}

// One identifier ready to scan.
struct CompiledSpec {
    std::unique_ptr<RE2> regex;
    std::vector<std::string> keywords;  // case-folded
    std::size_t longest_keyword = 0;    // bytes
    std::vector<std::string> ignore_words;
    std::size_t distance = 50;  // characters
};

Result<CompiledSpec> compile_spec(const CustomIdentifierSpec& spec) {
    CompiledSpec out;
    out.regex = std::make_unique<RE2>(re2::StringPiece(spec.regex.data(), spec.regex.size()),
                                      regex_options());
    if (!out.regex->ok()) {
        return invalid(
            internal::describe_re2_error(spec.regex, out.regex->error(), out.regex->error_arg()));
    }
    for (const std::string& keyword : spec.keywords) {
        std::string folded;
        internal::fold_case(keyword, folded);
        out.longest_keyword = std::max(out.longest_keyword, folded.size());
        out.keywords.push_back(std::move(folded));
    }
    out.ignore_words = spec.ignore_words;
    out.distance = static_cast<std::size_t>(std::max(spec.maximum_match_distance, 0));
    return out;
}

// The value folded once per scan, and only when some identifier with keywords has a match. The
// buffer is per thread and reused; one left over from a large value is released.
class FoldedValue {
public:
    explicit FoldedValue(std::string_view value) : value_(value) {}
    FoldedValue(const FoldedValue&) = delete;
    FoldedValue& operator=(const FoldedValue&) = delete;
    ~FoldedValue() {
        if (ready_ && buffer().capacity() > kKeepBytes) {
            std::string().swap(buffer());
        }
    }

    std::string_view get() {
        if (!ready_) {
            internal::fold_case(value_, buffer());
            ready_ = true;
        }
        return buffer();
    }

private:
    static constexpr std::size_t kKeepBytes = 1 << 20;
    static std::string& buffer() {
        thread_local std::string folded;
        return folded;
    }

    std::string_view value_;
    bool ready_ = false;
};

// The start of the last occurrence of `needle` in `haystack` (npos if none). memrchr finds the
// candidates: std::string_view::rfind compares at every position, which dominated keyword checks.
std::size_t last_occurrence(std::string_view haystack, std::string_view needle) {
    if (needle.empty() || needle.size() > haystack.size()) {
        return std::string_view::npos;
    }
    std::size_t limit = haystack.size() - needle.size() + 1;  // candidate starts are < limit
    while (limit > 0) {
        const void* hit = ::memrchr(haystack.data(), needle.front(), limit);
        if (hit == nullptr) {
            return std::string_view::npos;
        }
        std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data());
        if (std::memcmp(haystack.data() + at, needle.data(), needle.size()) == 0) {
            return at;
        }
        limit = at;
    }
    return std::string_view::npos;
}

bool keyword_in_names(const CompiledSpec& spec, const ValueContext& context) {
    thread_local std::string folded;
    for (std::string_view name : context.names) {
        internal::fold_case(name, folded);
        for (const std::string& keyword : spec.keywords) {
            if (folded.find(keyword) != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

// Whether a keyword ends at or before `begin` with at most `distance` characters from its end
// to `end`. The closest preceding keyword decides: if it is too far, every earlier one is too.
bool keyword_precedes(const CompiledSpec& spec,
                      std::string_view value,
                      FoldedValue& folded,
                      std::size_t begin,
                      std::size_t end) {
    // `distance` characters are at most 4 * distance bytes: no keyword may end before `lowest_end`.
    std::size_t window = 4 * spec.distance;
    std::size_t lowest_end = end > window ? end - window : 0;
    if (begin < lowest_end) {
        return false;  // the match alone is longer than the window
    }
    std::size_t lo = lowest_end > spec.longest_keyword ? lowest_end - spec.longest_keyword : 0;
    std::string_view region = folded.get().substr(lo, begin - lo);
    std::size_t best_end = std::string_view::npos;
    for (const std::string& keyword : spec.keywords) {
        std::size_t at = last_occurrence(region, keyword);
        if (at == std::string_view::npos) {
            continue;
        }
        std::size_t keyword_end = lo + at + keyword.size();
        if (keyword_end >= lowest_end &&
            (best_end == std::string_view::npos || keyword_end > best_end)) {
            best_end = keyword_end;
        }
    }
    if (best_end == std::string_view::npos) {
        return false;
    }
    std::size_t bytes = end - best_end;
    return bytes <= spec.distance ||
           internal::utf8_length(value.substr(best_end, bytes)) <= spec.distance;
}

bool has_ignore_word(const CompiledSpec& spec, std::string_view text) {
    for (const std::string& word : spec.ignore_words) {
        if (text.find(word) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

// Appends one identifier's matches; `budget` is the number of matches the value may still report.
void scan_spec(const CompiledSpec& spec,
               std::uint32_t index,
               std::string_view value,
               const ValueContext& context,
               FoldedValue& folded,
               std::size_t& budget,
               std::vector<Match>& out) {
    const bool needs_keyword = !spec.keywords.empty() && !keyword_in_names(spec, context);
    const re2::StringPiece text(value.data(), value.size());
    re2::StringPiece found;
    std::size_t pos = 0;
    std::size_t examined = 0;
    std::size_t empty = 0;
    while (pos <= value.size() && budget > 0 && examined < kMaxMatchesPerValue &&
           empty < kMaxMatchesPerValue) {
        if (!spec.regex->Match(text, pos, value.size(), RE2::UNANCHORED, &found, 1)) {
            break;
        }
        std::size_t begin = static_cast<std::size_t>(found.data() - text.data());
        std::size_t end = begin + found.size();
        if (begin == end) {
            ++empty;
            // Empty matches are skipped; step over one character so the search moves on.
            pos = begin + 1;
            while (pos < value.size() && (static_cast<unsigned char>(value[pos]) & 0xC0) == 0x80) {
                ++pos;
            }
            continue;
        }
        pos = end;
        ++examined;
        if (has_ignore_word(spec, value.substr(begin, end - begin))) {
            continue;
        }
        if (needs_keyword && !keyword_precedes(spec, value, folded, begin, end)) {
            continue;
        }
        out.push_back(Match{Match::Kind::kCustom, index, begin, end});
        --budget;
    }
}

}  // namespace

Status validate_custom_identifier(const CustomIdentifierSpec& spec) {
    return validate_spec(spec, /*require_name=*/true);
}

std::optional<Severity> custom_severity(const CustomIdentifierSpec& spec, std::uint64_t count) {
    if (count == 0) {
        return std::nullopt;
    }
    if (spec.severity_levels.empty()) {
        return Severity::kMedium;
    }
    std::optional<Severity> best;
    std::uint64_t best_threshold = 0;
    for (const SeverityLevel& level : spec.severity_levels) {
        if (level.occurrences_threshold <= count &&
            (!best || level.occurrences_threshold > best_threshold)) {
            best = level.severity;
            best_threshold = level.occurrences_threshold;
        }
    }
    return best;
}

struct CustomMatcher::Impl {
    std::vector<CustomIdentifierSpec> specs;
    std::vector<CompiledSpec> compiled;
    // With several identifiers, one pass of an RE2::Set tells which can match at all, so a value
    // that matches none costs one scan instead of one per identifier. Null with fewer than two
    // identifiers, or if the set did not compile.
    std::unique_ptr<RE2::Set> prefilter;
};

CustomMatcher::CustomMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CustomMatcher::CustomMatcher(CustomMatcher&&) noexcept = default;
CustomMatcher& CustomMatcher::operator=(CustomMatcher&&) noexcept = default;
CustomMatcher::~CustomMatcher() = default;

Result<CustomMatcher> CustomMatcher::compile(std::vector<CustomIdentifierSpec> specs) {
    auto impl = std::make_unique<Impl>();
    impl->compiled.reserve(specs.size());
    for (const CustomIdentifierSpec& spec : specs) {
        if (auto status = validate_custom_identifier(spec); !status) {
            return status.error();
        }
        auto compiled = compile_spec(spec);
        if (!compiled) {
            return compiled.error();
        }
        impl->compiled.push_back(std::move(*compiled));
    }
    if (specs.size() >= 2) {
        auto set = std::make_unique<RE2::Set>(regex_options(), RE2::UNANCHORED);
        bool ok = true;
        for (const CustomIdentifierSpec& spec : specs) {
            ok = ok &&
                 set->Add(re2::StringPiece(spec.regex.data(), spec.regex.size()), nullptr) >= 0;
        }
        if (ok && set->Compile()) {
            impl->prefilter = std::move(set);
        }
    }
    impl->specs = std::move(specs);
    return CustomMatcher(std::move(impl));
}

const std::vector<CustomIdentifierSpec>& CustomMatcher::specs() const { return impl_->specs; }

void CustomMatcher::scan(std::string_view value,
                         const ValueContext& context,
                         std::vector<Match>& out) const {
    const std::size_t count = impl_->compiled.size();
    if (count == 0) {
        return;
    }
    const std::size_t first = out.size();
    FoldedValue folded(value);
    std::size_t budget = kMaxMatchesPerValue;

    thread_local std::vector<int> candidates;
    bool scan_all = true;
    if (impl_->prefilter != nullptr) {
        candidates.clear();
        RE2::Set::ErrorInfo info{};
        bool any = impl_->prefilter->Match(
            re2::StringPiece(value.data(), value.size()), &candidates, &info);
        if (!any && info.kind == RE2::Set::kNoError) {
            return;
        }
        scan_all = !any;  // the set's DFA ran out of memory: fall back to every identifier
        std::sort(candidates.begin(), candidates.end());
    }
    if (scan_all) {
        for (std::size_t i = 0; i < count; ++i) {
            scan_spec(impl_->compiled[i],
                      static_cast<std::uint32_t>(i),
                      value,
                      context,
                      folded,
                      budget,
                      out);
        }
    } else {
        for (int i : candidates) {
            scan_spec(impl_->compiled[static_cast<std::size_t>(i)],
                      static_cast<std::uint32_t>(i),
                      value,
                      context,
                      folded,
                      budget,
                      out);
        }
    }
    if (out.size() - first > 1) {
        std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first),
                         out.end(),
                         [](const Match& a, const Match& b) { return a.begin < b.begin; });
    }
}

Result<std::uint64_t> test_custom_identifier(const CustomIdentifierSpec& spec,
                                             std::string_view sample_text) {
    if (auto status = validate_spec(spec, /*require_name=*/false); !status) {
        return status.error();
    }
    std::size_t length = internal::utf8_length(sample_text);
    if (length > kMaxSampleTextChars) {
        return invalid("sampleText: must be at most " + std::to_string(kMaxSampleTextChars) +
                       " characters (got " + std::to_string(length) + ")");
    }
    auto compiled = compile_spec(spec);
    if (!compiled) {
        return compiled.error();
    }
    std::vector<Match> matches;
    FoldedValue folded(sample_text);
    std::size_t budget = kMaxMatchesPerValue;
    scan_spec(*compiled, 0, sample_text, ValueContext{}, folded, budget, matches);
    return static_cast<std::uint64_t>(matches.size());
}

}  // namespace tripline::scan
