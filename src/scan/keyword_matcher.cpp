#include "scan/keyword_matcher.h"

#include <algorithm>
#include <unordered_map>

namespace tripline::scan {

namespace {

bool is_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Simple case mapping for the two-byte UTF-8 letters the catalogue's keywords use.
char32_t to_upper_cp(char32_t cp) {
    if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) ||
        (cp >= 0x430 && cp <= 0x44F)) {
        return cp - 0x20;
    }
    if (cp == 0x3C2) {
        return 0x3A3;
    }
    if (cp >= 0x450 && cp <= 0x45F) {
        return cp - 0x50;
    }
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) {
        return (cp & 1) ? cp - 1 : cp;
    }
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
        return (cp & 1) ? cp : cp - 1;
    }
    switch (cp) {
        case 0x3AC:
            return 0x386;
        case 0x3AD:
        case 0x3AE:
        case 0x3AF:
            return cp - 0x3AD + 0x388;
        case 0x3CC:
            return 0x38C;
        case 0x3CD:
        case 0x3CE:
            return cp - 0x3CD + 0x38E;
        default:
            return cp;
    }
}

char32_t to_lower_cp(char32_t cp) {
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
        (cp >= 0x410 && cp <= 0x42F)) {
        return cp + 0x20;
    }
    if (cp >= 0x400 && cp <= 0x40F) {
        return cp + 0x50;
    }
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) {
        return (cp & 1) ? cp : cp + 1;
    }
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
        return (cp & 1) ? cp + 1 : cp;
    }
    switch (cp) {
        case 0x386:
            return 0x3AC;
        case 0x388:
        case 0x389:
        case 0x38A:
            return cp - 0x388 + 0x3AD;
        case 0x38C:
            return 0x3CC;
        case 0x38E:
        case 0x38F:
            return cp - 0x38E + 0x3CD;
        default:
            return cp;
    }
}

enum class CaseForm { kLower, kUpper, kTitle };

// Re-cases ASCII and two-byte UTF-8 letters; other bytes are copied.
std::string recase(std::string_view text, CaseForm form) {
    std::string out;
    out.reserve(text.size());
    bool word_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        const bool upper = form == CaseForm::kUpper || (form == CaseForm::kTitle && word_start);
        if (c < 0x80) {
            if (is_alnum(c)) {
                out.push_back(static_cast<char>(upper         ? (is_lower(c) ? c - 32 : c)
                                                : is_upper(c) ? c + 32
                                                              : c));
            } else {
                out.push_back(static_cast<char>(c));
            }
            word_start = c == ' ' || c == '-' || c == '_';
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF && i + 1 < text.size() &&
            (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
            char32_t cp = (static_cast<char32_t>(c & 0x1F) << 6) |
                          (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            cp = upper ? to_upper_cp(to_lower_cp(cp)) : to_lower_cp(cp);
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            ++i;
            word_start = false;
            continue;
        }
        out.push_back(static_cast<char>(c));
        word_start = false;
    }
    return out;
}

bool has_non_ascii(std::string_view text) {
    return std::any_of(
        text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Name boundary at `p` (between name[p-1] and name[p]).
bool name_boundary(std::string_view name, std::size_t p) {
    if (p == 0 || p >= name.size()) {
        return true;
    }
    auto a = static_cast<unsigned char>(name[p - 1]);
    auto b = static_cast<unsigned char>(name[p]);
    if (!is_alnum(a) || !is_alnum(b)) {
        return true;
    }
    if (is_lower(a) && is_upper(b)) {
        return true;  // camelCase hump: ssn|Value
    }
    if (is_digit(a) != is_digit(b)) {
        return true;  // ssn|2, address|1
    }
    // Acronym hump: SSN|Value (upper, upper, lower).
    return is_upper(a) && is_upper(b) && p + 1 < name.size() &&
           is_lower(static_cast<unsigned char>(name[p + 1]));
}

}  // namespace

std::vector<std::string> keyword_variants(std::string_view keyword) {
    std::vector<std::string> cased{recase(keyword, CaseForm::kLower)};
    if (has_non_ascii(keyword)) {
        cased.push_back(recase(keyword, CaseForm::kUpper));
        cased.push_back(recase(keyword, CaseForm::kTitle));
    }
    std::vector<std::string> out;
    auto add = [&out](std::string text) {
        if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) {
            out.push_back(std::move(text));
        }
    };
    for (const auto& form : cased) {
        add(form);
        if (form.find(' ') == std::string::npos) {
            continue;
        }
        for (const char* joiner : {"", "_", "-"}) {
            std::string joined;
            for (char c : form) {
                if (c == ' ') {
                    joined += joiner;
                } else {
                    joined.push_back(c);
                }
            }
            add(std::move(joined));
        }
    }
    return out;
}

std::size_t char_count(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) {
            continue;
        }
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // CRLF is one line break
        }
        ++count;
    }
    return count;
}

Result<KeywordMatcher> KeywordMatcher::compile(const std::vector<Entry>& entries) {
    KeywordMatcher matcher;
    std::unordered_map<std::string, std::uint32_t> by_text;
    for (const auto& entry : entries) {
        if (entry.identifier >= matcher.all_.size()) {
            return make_error(Errc::kInternal, "catalogue index out of range");
        }
        for (const auto& keyword : entry.keywords) {
            // "exp d", "exp m", "exp y": a final one-letter word abbreviates a word ("exp date",
            // "expMonth"), so the keyword matches as a prefix there (no boundary after it).
            const std::size_t last_space = keyword.rfind(' ');
            const bool abbreviated = last_space != std::string::npos &&
                                     last_space + 2 == keyword.size() &&
                                     is_alnum(static_cast<unsigned char>(keyword.back()));
            for (auto& text : keyword_variants(keyword)) {
                auto [it, inserted] =
                    by_text.emplace(text, static_cast<std::uint32_t>(matcher.variants_.size()));
                if (inserted) {
                    Variant variant;
                    variant.alnum_first = is_alnum(static_cast<unsigned char>(text.front()));
                    variant.alnum_last =
                        !abbreviated && is_alnum(static_cast<unsigned char>(text.back()));
                    variant.text = std::move(text);
                    matcher.variants_.push_back(std::move(variant));
                }
                matcher.variants_[it->second].ids.set(entry.identifier);
                matcher.all_.set(entry.identifier);
            }
        }
    }
    if (matcher.variants_.empty()) {
        return matcher;
    }
    std::vector<const char*> expressions;
    std::vector<std::size_t> lengths;
    std::vector<unsigned int> flags;
    std::vector<unsigned int> ids;
    for (std::size_t i = 0; i < matcher.variants_.size(); ++i) {
        expressions.push_back(matcher.variants_[i].text.data());
        lengths.push_back(matcher.variants_[i].text.size());
        flags.push_back(HS_FLAG_CASELESS);
        ids.push_back(static_cast<unsigned int>(i));
        matcher.max_length_ = std::max(matcher.max_length_, matcher.variants_[i].text.size());
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(expressions.data(),
                             flags.data(),
                             ids.data(),
                             lengths.data(),
                             static_cast<unsigned int>(expressions.size()),
                             HS_MODE_BLOCK,
                             nullptr,
                             &db,
                             &error) != HS_SUCCESS) {
        std::string message = "keyword database: ";
        message +=
            error != nullptr && error->message != nullptr ? error->message : "compile failed";
        hs_free_compile_error(error);
        return make_error(Errc::kInternal, std::move(message));
    }
    matcher.db_.reset(db);
    return matcher;
}

// Called by Vectorscan for each literal hit; applies the boundary rules at once so that only real
// hits are stored.
int KeywordMatcher::on_hit(unsigned int id,
                           unsigned long long /*from*/,
                           unsigned long long to,
                           unsigned int /*flags*/,
                           void* context) {
    auto* ctx = static_cast<HitContext*>(context);
    const Variant& v = ctx->matcher->variants_[id];
    const std::size_t end = static_cast<std::size_t>(to);
    const std::size_t begin = end - v.text.size();
    const std::string_view text = ctx->text;
    if (ctx->ids != nullptr) {
        if ((!v.alnum_first || name_boundary(text, begin)) &&
            (!v.alnum_last || name_boundary(text, end))) {
            *ctx->ids |= v.ids;
        }
        return 0;
    }
    if (v.alnum_first && begin > 0 && is_alnum(static_cast<unsigned char>(text[begin - 1]))) {
        return 0;
    }
    if (v.alnum_last && end < text.size() && is_alnum(static_cast<unsigned char>(text[end]))) {
        return 0;
    }
    ctx->hits->push_back(KeywordHit{begin, end, id});
    return ctx->hits->size() >= ctx->limit ? 1 : 0;
}

void KeywordMatcher::find_in_text(std::string_view text,
                                  hs_scratch_t* scratch,
                                  std::vector<KeywordHit>& out,
                                  std::size_t limit) const {
    if (!db_ || text.empty() || limit <= out.size()) {
        return;
    }
    const std::size_t first = out.size();
    HitContext ctx{this, text, &out, limit, nullptr};
    hs_scan(
        db_.get(), text.data(), static_cast<unsigned int>(text.size()), 0, scratch, on_hit, &ctx);
    // Vectorscan reports in order of end; proximity look-ups want order of begin.
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first),
              out.end(),
              [](const KeywordHit& a, const KeywordHit& b) {
                  return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
              });
}

void KeywordMatcher::find_in_name(std::string_view name,
                                  hs_scratch_t* scratch,
                                  IdentifierSet& ids) const {
    if (!db_ || name.empty()) {
        return;
    }
    HitContext ctx{this, name, nullptr, 0, &ids};
    hs_scan(
        db_.get(), name.data(), static_cast<unsigned int>(name.size()), 0, scratch, on_hit, &ctx);
}

}  // namespace tripline::scan
