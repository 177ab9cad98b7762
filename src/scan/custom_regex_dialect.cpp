// The dialect check is a lenient recursive walk over the pattern: it understands escapes, \Q..\E,
// character classes, groups and quantifiers well enough to know where each atom starts and ends,
// and stops at the first unsupported construct. It never rejects a pattern merely for being
// malformed - RE2 does that next, with a better message.
#include "scan/custom_regex_dialect.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace tripline::scan::internal {
namespace {

// Nesting beyond this is left unchecked (validation caps patterns at 512 characters anyway, so
// this only bounds the recursion for direct callers such as the fuzzer).
constexpr int kMaxDepth = 600;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

class DialectChecker {
public:
    explicit DialectChecker(std::string_view pattern) : p_(pattern) {}

    std::optional<RegexDialectIssue> run() {
        check_global_flags();
        if (!issue_) {
            sequence(0);
        }
        return std::move(issue_);
    }

private:
    enum class Quantifier { kNone, kStar, kOther };

    bool at(std::size_t i, char c) const { return i < p_.size() && p_[i] == c; }

    void fail(std::size_t offset, std::string what, std::string hint = {}) {
        if (!issue_) {
            issue_ = RegexDialectIssue{offset, std::move(what), std::move(hint)};
        }
    }

    // `/.../i` - PCRE's delimiter-and-flags notation, which Macie does not accept.
    void check_global_flags() {
        if (p_.size() < 3 || p_[0] != '/') {
            return;
        }
        std::size_t slash = p_.rfind('/');
        if (slash == 0 || slash + 1 >= p_.size() || p_[slash - 1] == '\\') {
            return;
        }
        std::string_view flags = p_.substr(slash + 1);
        if (flags.find_first_not_of("gimsxuUXJADn") == std::string_view::npos) {
            fail(slash,
                 "global flags such as /i are not supported",
                 "use inline flags such as (?i)");
        }
    }

    // Consumes one code point.
    void advance_char() {
        ++i_;
        while (i_ < p_.size() && is_continuation(static_cast<unsigned char>(p_[i_]))) {
            ++i_;
        }
    }

    // Atoms and quantifiers up to an unmatched ')' (left for the caller) or the end.
    void sequence(int depth) {
        std::vector<std::string_view> starred_run;
        while (i_ < p_.size() && !issue_) {
            char c = p_[i_];
            if (c == '|') {
                ++i_;
                starred_run.clear();
                continue;
            }
            if (c == ')') {
                if (depth > 0) {
                    return;
                }
                ++i_;  // unbalanced; RE2 reports it
                starred_run.clear();
                continue;
            }
            std::size_t begin = i_;
            bool quantifiable = atom(depth);
            if (issue_) {
                return;
            }
            std::string_view text = p_.substr(begin, i_ - begin);
            Quantifier q = quantifier();
            if (issue_) {
                return;
            }
            if (q != Quantifier::kStar || !quantifiable) {
                starred_run.clear();
                continue;
            }
            if (starred_run.size() >= 2) {
                for (std::string_view earlier : starred_run) {
                    if (earlier == text) {
                        fail(begin,
                             "nested quantifiers such as a*b*a* are not supported",
                             "a starred atom repeats an earlier one of the same run");
                        return;
                    }
                }
            }
            starred_run.push_back(text);
        }
    }

    // Consumes one atom; false when it cannot take a quantifier (anchors, assertions, flag groups).
    bool atom(int depth) {
        switch (p_[i_]) {
            case '\\':
                return escape();
            case '[':
                char_class();
                return true;
            case '(':
                return group(depth);
            case '^':
            case '$':
                ++i_;
                return false;
            default:
                advance_char();
                return true;
        }
    }

    bool escape() {
        std::size_t start = i_;
        if (i_ + 1 >= p_.size()) {
            i_ = p_.size();  // trailing backslash: RE2 reports it
            return true;
        }
        char e = p_[i_ + 1];
        if (e >= '1' && e <= '9') {
            fail(start, "backreferences are not supported");
            return true;
        }
        if (e == 'k') {
            fail(start, "backreferences are not supported");
            return true;
        }
        if (e == 'g') {
            if (at(i_ + 2, '<') || at(i_ + 2, '\'')) {
                fail(start, "recursion is not supported");
            } else {
                fail(start, "backreferences are not supported");
            }
            return true;
        }
        i_ += 2;
        switch (e) {
            case '0':  // octal \0, \0n, \0nn
                for (int k = 0; k < 2 && i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '7'; ++k) {
                    ++i_;
                }
                return true;
            case 'Q': {  // literal text up to \E
                std::size_t end = p_.find("\\E", i_);
                i_ = end == std::string_view::npos ? p_.size() : end + 2;
                return true;
            }
            case 'x':
            case 'p':
            case 'P':
                if (at(i_, '{')) {
                    std::size_t close = p_.find('}', i_);
                    i_ = close == std::string_view::npos ? p_.size() : close + 1;
                } else if (e == 'x') {
                    for (int k = 0; k < 2 && i_ < p_.size() &&
                                    std::isxdigit(static_cast<unsigned char>(p_[i_]));
                         ++k) {
                        ++i_;
                    }
                } else if (i_ < p_.size()) {
                    advance_char();
                }
                return true;
            case 'c':
                if (i_ < p_.size()) {
                    advance_char();
                }
                return true;
            case 'b':
            case 'B':
            case 'A':
            case 'z':
            case 'Z':
            case 'G':
                return false;
            default:
                // The escaped character may be a multi-byte code point.
                while (i_ < p_.size() && is_continuation(static_cast<unsigned char>(p_[i_]))) {
                    ++i_;
                }
                return true;
        }
    }

    // [...]: '(' and friends are literal inside; a ']' right after '[' or '[^' is literal.
    void char_class() {
        ++i_;
        if (at(i_, '^')) {
            ++i_;
        }
        if (at(i_, ']')) {
            ++i_;
        }
        while (i_ < p_.size()) {
            char c = p_[i_];
            if (c == ']') {
                ++i_;
                return;
            }
            if (c == '\\') {
                i_ = std::min(p_.size(), i_ + 2);
                continue;
            }
            if (c == '[' && at(i_ + 1, ':')) {  // [:alpha:]
                std::size_t close = p_.find(":]", i_ + 2);
                if (close != std::string_view::npos) {
                    i_ = close + 2;
                    continue;
                }
            }
            ++i_;
        }
    }

    bool group(int depth) {
        std::size_t start = i_;
        if (depth >= kMaxDepth) {
            i_ = p_.size();
            return true;
        }
        if (at(i_ + 1, '*')) {  // PCRE verbs such as (*UTF8): RE2 rejects them
            ++i_;
            return body(depth);
        }
        if (!at(i_ + 1, '?')) {
            fail(start, "capturing groups are not supported", "use (?:...)");
            return true;
        }
        std::size_t k = i_ + 2;
        if (k >= p_.size()) {
            i_ = p_.size();
            return true;
        }
        char c = p_[k];
        switch (c) {
            case ':':
            case '>':  // atomic group, branch reset, comment: RE2's to refuse
            case '|':
            case '#':
                i_ = k + 1;
                return body(depth);
            case '=':
            case '!':
                fail(start, "lookahead assertions are not supported");
                return true;
            case '<':
                if (at(k + 1, '=') || at(k + 1, '!')) {
                    fail(start, "lookbehind assertions are not supported");
                } else {
                    fail(start, "named capturing groups are not supported", "use (?:...)");
                }
                return true;
            case '\'':
                fail(start, "named capturing groups are not supported", "use (?:...)");
                return true;
            case 'P':
                if (at(k + 1, '<')) {
                    fail(start, "named capturing groups are not supported", "use (?:...)");
                    return true;
                }
                if (at(k + 1, '=')) {
                    fail(start, "backreferences are not supported");
                    return true;
                }
                if (at(k + 1, '>')) {
                    fail(start, "recursion is not supported");
                    return true;
                }
                i_ = k;
                return body(depth);
            case '(':
                fail(start, "conditionals are not supported");
                return true;
            case '{':
                fail(start, "embedded code is not supported");
                return true;
            case '?':
                if (at(k + 1, '{')) {
                    fail(start, "embedded code is not supported");
                    return true;
                }
                break;
            case 'R':
            case '&':
                fail(start, "recursion is not supported");
                return true;
            default:
                break;
        }
        if (is_digit(c) || ((c == '+' || c == '-') && k + 1 < p_.size() && is_digit(p_[k + 1]))) {
            fail(start, "recursion is not supported");
            return true;
        }
        // Inline flags: (?i) sets them for the rest of the group, (?i:...) is a group.
        std::size_t f = k;
        while (f < p_.size() && (is_alpha(p_[f]) || p_[f] == '-')) {
            ++f;
        }
        if (at(f, ')')) {
            i_ = f + 1;
            return false;
        }
        i_ = at(f, ':') ? f + 1 : k;
        return body(depth);
    }

    // The rest of a group after its opening; consumes the closing ')' when present.
    bool body(int depth) {
        sequence(depth + 1);
        if (at(i_, ')')) {
            ++i_;
        }
        return true;
    }

    // Parses digits at i_ into `value` (saturating); false when there are none.
    bool number(unsigned long long& value) {
        std::size_t start = i_;
        value = 0;
        while (i_ < p_.size() && is_digit(p_[i_])) {
            if (value < 1'000'000'000ULL) {
                value = value * 10 + static_cast<unsigned>(p_[i_] - '0');
            }
            ++i_;
        }
        return i_ > start;
    }

    Quantifier quantifier() {
        if (i_ >= p_.size()) {
            return Quantifier::kNone;
        }
        Quantifier q = Quantifier::kNone;
        char c = p_[i_];
        if (c == '*') {
            ++i_;
            q = Quantifier::kStar;
        } else if (c == '+' || c == '?') {
            ++i_;
            q = Quantifier::kOther;
        } else if (c == '{') {
            std::size_t start = i_;
            ++i_;
            unsigned long long low = 0;
            unsigned long long high = 0;
            bool has_high = false;
            bool open = false;
            bool ok = number(low);
            if (ok && at(i_, ',')) {
                ++i_;
                has_high = number(high);
                open = !has_high;
            }
            if (!ok || !at(i_, '}')) {
                i_ = start;  // not a repeat: '{' is a literal
                return Quantifier::kNone;
            }
            ++i_;
            if (has_high && high > low && high > kMaxBoundedRepeat) {
                fail(
                    start,
                    "bounded repeat " + std::string(p_.substr(start, i_ - start)) + " is too large",
                    "the upper bound of a range may be at most " +
                        std::to_string(kMaxBoundedRepeat) + "; use {m,} for an open range");
                return Quantifier::kOther;
            }
            q = open && low == 0 ? Quantifier::kStar : Quantifier::kOther;
        } else {
            return Quantifier::kNone;
        }
        if (at(i_, '?')) {
            ++i_;  // lazy
        }
        return q;
    }

    std::string_view p_;
    std::size_t i_ = 0;
    std::optional<RegexDialectIssue> issue_;
};

std::size_t char_offset(std::string_view text, std::size_t byte_offset) {
    return utf8_length(text.substr(0, std::min(byte_offset, text.size())));
}

}  // namespace

std::optional<RegexDialectIssue> check_regex_dialect(std::string_view pattern) {
    return DialectChecker(pattern).run();
}

std::string describe_regex_issue(std::string_view pattern, const RegexDialectIssue& issue) {
    std::string out = "regex: " + issue.what + " (at offset " +
                      std::to_string(char_offset(pattern, issue.offset)) + ")";
    if (!issue.hint.empty()) {
        out += "; " + issue.hint;
    }
    return out;
}

std::string describe_re2_error(std::string_view pattern,
                               const std::string& error,
                               const std::string& error_arg) {
    std::string out = "regex: " + error;
    if (!error_arg.empty()) {
        std::size_t at = pattern.find(error_arg);
        if (at != std::string_view::npos) {
            out += " (at offset " + std::to_string(char_offset(pattern, at)) + ")";
        }
    }
    return out;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    std::size_t i = 0;
    const std::size_t size = text.size();
    while (i < size) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 1;
        if (c >= 0xF0 && c <= 0xF7) {
            length = 4;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
        } else if (c >= 0xC0 && c <= 0xDF) {
            length = 2;
        }
        std::size_t k = 1;
        while (k < length && i + k < size &&
               is_continuation(static_cast<unsigned char>(text[i + k]))) {
            ++k;
        }
        i += k;
        ++n;
    }
    return n;
}

void fold_case(std::string_view text, std::string& out) {
    const std::size_t n = text.size();
    out.resize(n);
    // Pass 1, branch-free so that it vectorises: ASCII A-Z. Bytes of multi-byte sequences are
    // >= 0x80 and unaffected. Pass 2 only when some byte is non-ASCII.
    unsigned char high = 0;
    for (std::size_t i = 0; i < n; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        high |= c;
        out[i] = static_cast<char>(c + ((static_cast<unsigned char>(c - 'A') < 26) << 5));
    }
    if (high < 0x80) {
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            continue;
        }
        if (i + 1 >= n) {
            break;
        }
        auto d = static_cast<unsigned char>(out[i + 1]);
        if (!is_continuation(d)) {
            continue;
        }
        unsigned char lead = c;
        unsigned char next = d;
        if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) {  // À-Þ except ×
            next = static_cast<unsigned char>(d + 0x20);
        } else if (c == 0xCE && d >= 0x91 && d <= 0x9F) {  // Α-Ο
            next = static_cast<unsigned char>(d + 0x20);
        } else if (c == 0xCE && d >= 0xA0 && d <= 0xAB && d != 0xA2) {  // Π-Ϋ
            lead = 0xCF;
            next = static_cast<unsigned char>(d - 0x20);
        } else if (c == 0xD0 && d >= 0x80 && d <= 0x8F) {  // Ѐ-Џ
            lead = 0xD1;
            next = static_cast<unsigned char>(d + 0x10);
        } else if (c == 0xD0 && d >= 0x90 && d <= 0x9F) {  // А-П
            next = static_cast<unsigned char>(d + 0x20);
        } else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {  // Р-Я
            lead = 0xD1;
            next = static_cast<unsigned char>(d - 0x20);
        }
        out[i] = static_cast<char>(lead);
        out[i + 1] = static_cast<char>(next);
        ++i;
    }
}

}  // namespace tripline::scan::internal
