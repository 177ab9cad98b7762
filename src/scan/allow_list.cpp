// Allow lists (macie.md §7). A regex list asks RE2 for a full match of the occurrence's text. A
// word list keeps its entries trimmed (ASCII whitespace; a UTF-8 byte-order mark at the start of
// the object is dropped) and case-folded in a hash set; an occurrence is folded the same way and
// looked up, so equality is exact up to case. Case folding is internal::fold_case: ASCII plus the
// Latin-1, Greek and Cyrillic capitals; other scripts compare byte for byte. The regex dialect of
// custom identifiers is not imposed here: whatever RE2 accepts is a valid allow-list regex.
#include "scan/allow_list.h"

#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <unordered_set>

#include "scan/custom_regex_dialect.h"

namespace tripline::scan {
namespace {

constexpr std::size_t kMaxRegexChars = 512;
constexpr std::size_t kMaxWordEntries = 100'000;

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    std::size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) {
        return {};
    }
    std::size_t e = s.find_last_not_of(kSpace);
    return s.substr(b, e - b + 1);
}

}  // namespace

struct AllowList::Impl {
    std::unique_ptr<RE2> regex;  // set for a regex list
    std::unordered_set<std::string> words;
    std::size_t shortest = 0;  // byte lengths of the entries, to skip lookups that cannot hit
    std::size_t longest = 0;
};

AllowList::AllowList(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AllowList::AllowList(AllowList&&) noexcept = default;
AllowList& AllowList::operator=(AllowList&&) noexcept = default;
AllowList::~AllowList() = default;

Result<AllowList> AllowList::from_regex(std::string_view regex) {
    if (regex.empty()) {
        return make_error(Errc::kInvalidArgument, "regex: is required");
    }
    std::size_t length = internal::utf8_length(regex);
    if (length > kMaxRegexChars) {
        return make_error(Errc::kInvalidArgument,
                          "regex: must be at most " + std::to_string(kMaxRegexChars) +
                              " characters (got " + std::to_string(length) + ")");
    }
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    auto impl = std::make_unique<Impl>();
    impl->regex = std::make_unique<RE2>(re2::StringPiece(regex.data(), regex.size()), options);
    if (!impl->regex->ok()) {
        return make_error(
            Errc::kInvalidArgument,
            internal::describe_re2_error(regex, impl->regex->error(), impl->regex->error_arg()));
    }
    return AllowList(std::move(impl));
}

Result<AllowList> AllowList::from_words(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    auto impl = std::make_unique<Impl>();
    impl->shortest = std::string::npos;
    std::size_t entries = 0;
    std::string folded;
    while (!text.empty()) {
        std::size_t newline = text.find('\n');
        std::string_view line = trim(text.substr(0, newline));
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (line.empty()) {
            continue;
        }
        if (++entries > kMaxWordEntries) {
            return make_error(
                Errc::kLimitExceeded,
                "allow list: at most " + std::to_string(kMaxWordEntries) + " entries are allowed");
        }
        internal::fold_case(line, folded);
        impl->shortest = std::min(impl->shortest, folded.size());
        impl->longest = std::max(impl->longest, folded.size());
        impl->words.insert(folded);
    }
    if (impl->words.empty()) {
        impl->shortest = 0;
    }
    return AllowList(std::move(impl));
}

bool AllowList::allows(std::string_view occurrence_text) const {
    if (impl_->regex != nullptr) {
        return RE2::FullMatch(re2::StringPiece(occurrence_text.data(), occurrence_text.size()),
                              *impl_->regex);
    }
    if (impl_->words.empty() || occurrence_text.size() < impl_->shortest ||
        occurrence_text.size() > impl_->longest) {
        return false;
    }
    thread_local std::string folded;
    internal::fold_case(occurrence_text, folded);
    return impl_->words.contains(folded);
}

}  // namespace tripline::scan
