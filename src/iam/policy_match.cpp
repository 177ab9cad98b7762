// Wildcard matching and policy variables: the string machinery under Action, Resource and the
// String*/Arn* condition operators.
#include <cctype>
#include <optional>
#include <string>

#include "iam/policy.h"
#include "iam/policy_internal.h"

namespace tripline::iam {

namespace {

char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The classic greedy matcher with one backtrack point: linear in practice and never worse than
// O(pattern × text), so hostile patterns stay cheap. `wild(i)` says whether pattern[i] may act
// as a wildcard ('*' / '?') or is literal.
template <typename IsWild>
bool match_impl(std::string_view pattern, std::string_view text, bool ignore_case, IsWild wild) {
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*' && wild(p)) {
            star = p++;
            resume = t;
            continue;
        }
        if (p < pattern.size() && ((pattern[p] == '?' && wild(p)) || pattern[p] == text[t] ||
                                   (ignore_case && fold(pattern[p]) == fold(text[t])))) {
            ++p;
            ++t;
            continue;
        }
        if (star == std::string_view::npos) {
            return false;
        }
        p = star + 1;
        t = ++resume;
    }
    while (p < pattern.size() && pattern[p] == '*' && wild(p)) {
        ++p;
    }
    return p == pattern.size();
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case) {
    return match_impl(pattern, text, ignore_case, [](std::size_t) { return true; });
}

namespace detail {

bool pattern_match(const MatchPattern& pattern, std::string_view text, bool ignore_case) {
    return match_impl(
        pattern.text, text, ignore_case, [&](std::size_t i) { return !pattern.literal[i]; });
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (fold(a[i]) != fold(b[i])) {
            return false;
        }
    }
    return true;
}

const std::vector<std::string>* find_context_key(const RequestContext& request,
                                                 std::string_view key) {
    auto exact = request.keys.find(std::string(key));
    if (exact != request.keys.end()) {
        return exact->second.empty() ? nullptr : &exact->second;
    }
    for (const auto& [name, values] : request.keys) {
        if (iequals(name, key)) {
            return values.empty() ? nullptr : &values;
        }
    }
    return nullptr;
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

// The value of one ${...} body: an escape, a context key, or the quoted default after a comma
// ("${aws:username, 'anonymous'}"). nullopt when nothing resolves it.
std::optional<std::string> resolve_variable(std::string_view body, const RequestContext& request) {
    if (body == "*" || body == "?" || body == "$") {
        return std::string(body);
    }
    std::optional<std::string> fallback;
    std::size_t comma = body.find(',');
    if (comma != std::string_view::npos) {
        std::string_view def = trim(body.substr(comma + 1));
        if (def.size() >= 2 && def.front() == '\'' && def.back() == '\'') {
            fallback = std::string(def.substr(1, def.size() - 2));
        }
        body = body.substr(0, comma);
    }
    const auto* values = find_context_key(request, trim(body));
    if (values != nullptr) {
        return values->front();  // variables name single-valued keys; the first value stands
    }
    return fallback;
}

}  // namespace

std::optional<MatchPattern> expand_variables(std::string_view value,
                                             const RequestContext& request,
                                             bool variables) {
    MatchPattern out;
    out.text.reserve(value.size());
    out.literal.reserve(value.size());
    std::size_t pos = 0;
    while (variables && pos < value.size()) {
        std::size_t open = value.find("${", pos);
        std::size_t close = open == std::string_view::npos ? open : value.find('}', open + 2);
        if (close == std::string_view::npos) {
            break;  // no (complete) variable left: the rest is plain pattern text
        }
        out.append(value.substr(pos, open - pos), false);
        auto resolved = resolve_variable(value.substr(open + 2, close - open - 2), request);
        if (!resolved) {
            return std::nullopt;
        }
        out.append(*resolved, true);
        pos = close + 1;
    }
    out.append(value.substr(pos), false);
    return out;
}

}  // namespace detail
}  // namespace tripline::iam
