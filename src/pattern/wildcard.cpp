#include "pattern/wildcard.h"

#include <algorithm>
#include <cstdint>
#include <queue>
#include <set>

namespace tripline::pattern {
namespace {

// UTF-16 length of the UTF-8 sequence starting with byte `b` (0 for continuation bytes).
std::size_t utf16_units(unsigned char b) {
    if ((b & 0xC0) == 0x80) {
        return 0;
    }
    return b >= 0xF0 ? 2 : 1;
}

constexpr int kStar = -1;

}  // namespace

std::optional<Wildcard> parse_wildcard(std::string_view text, std::string& error) {
    Wildcard w;
    w.text = std::string(text);
    w.parts.emplace_back();
    std::size_t pos = 0;  // UTF-16 index of text[i]
    bool previous_star = false;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\\') {
            std::size_t next = pos + 1;
            if (i + 1 >= text.size() || (text[i + 1] != '*' && text[i + 1] != '\\')) {
                error = "Invalid escape character at pos " + std::to_string(next);
                return std::nullopt;
            }
            w.parts.back() += text[i + 1];
            i += 2;
            pos += 2;
            previous_star = false;
            continue;
        }
        if (c == '*') {
            if (previous_star) {
                error = "Consecutive wildcard characters at pos " + std::to_string(pos);
                return std::nullopt;
            }
            previous_star = true;
            w.parts.emplace_back();
        } else {
            previous_star = false;
            w.parts.back() += c;
        }
        pos += utf16_units(static_cast<unsigned char>(c));
        ++i;
    }
    return w;
}

bool wildcard_matches(const Wildcard& pattern, std::string_view value) {
    const auto& parts = pattern.parts;
    if (parts.size() == 1) {
        return value == parts[0];
    }
    const std::string& first = parts.front();
    const std::string& last = parts.back();
    if (value.size() < first.size() + last.size() || value.substr(0, first.size()) != first ||
        value.substr(value.size() - last.size()) != last) {
        return false;
    }
    std::size_t pos = first.size();
    std::size_t end = value.size() - last.size();
    // Leftmost placement of each middle run is optimal for star-only globs.
    for (std::size_t p = 1; p + 1 < parts.size(); ++p) {
        std::size_t found = value.substr(0, end).find(parts[p], pos);
        if (found == std::string_view::npos) {
            return false;
        }
        pos = found + parts[p].size();
    }
    return true;
}

int wildcard_complexity(std::span<const Wildcard* const> patterns, int limit) {
    // One NFA per pattern over bytes: position k = "k tokens consumed"; a position right after a
    // star loops on every byte; a star token is also skippable (epsilon).
    std::vector<std::vector<int>> tokens;
    std::vector<std::uint32_t> base;  // first state id of each pattern
    std::set<int> alphabet;
    std::uint32_t state_count = 0;
    for (const Wildcard* w : patterns) {
        std::vector<int> t;
        for (std::size_t p = 0; p < w->parts.size(); ++p) {
            if (p > 0) {
                t.push_back(kStar);
            }
            for (char c : w->parts[p]) {
                t.push_back(static_cast<unsigned char>(c));
                alphabet.insert(static_cast<unsigned char>(c));
            }
        }
        base.push_back(state_count);
        state_count += static_cast<std::uint32_t>(t.size() + 1);
        tokens.push_back(std::move(t));
    }
    int other = 0;
    while (alphabet.count(other) != 0) {
        ++other;
    }
    alphabet.insert(other);

    auto closure = [&](std::vector<std::uint32_t>& set) {
        std::vector<std::uint32_t> out;
        for (std::size_t v = 0; v < tokens.size(); ++v) {
            for (std::uint32_t s : set) {
                if (s < base[v] || s > base[v] + tokens[v].size()) {
                    continue;
                }
                std::size_t k = s - base[v];
                out.push_back(s);
                while (k < tokens[v].size() && tokens[v][k] == kStar) {
                    ++k;
                    out.push_back(base[v] + static_cast<std::uint32_t>(k));
                }
            }
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        set = std::move(out);
    };
    auto owner = [&](std::uint32_t s) {
        std::size_t v = std::upper_bound(base.begin(), base.end(), s) - base.begin() - 1;
        return v;
    };
    auto weight = [&](const std::vector<std::uint32_t>& set) {
        int n = 0;
        for (std::uint32_t s : set) {
            if (s != base[owner(s)]) {
                ++n;
            }
        }
        return n;
    };

    std::vector<std::uint32_t> start;
    for (std::uint32_t b : base) {
        start.push_back(b);
    }
    closure(start);
    std::set<std::vector<std::uint32_t>> seen{start};
    std::queue<std::vector<std::uint32_t>> todo;
    todo.push(start);
    int best = weight(start);
    constexpr std::size_t kBudget = 20000;
    while (!todo.empty() && best <= limit) {
        std::vector<std::uint32_t> set = std::move(todo.front());
        todo.pop();
        for (int byte : alphabet) {
            std::vector<std::uint32_t> next;
            for (std::uint32_t s : set) {
                std::size_t v = owner(s);
                std::size_t k = s - base[v];
                const auto& t = tokens[v];
                if (k > 0 && t[k - 1] == kStar) {
                    next.push_back(s);
                }
                if (k < t.size() && t[k] == byte) {
                    next.push_back(s + 1);
                }
            }
            if (next.empty()) {
                continue;
            }
            closure(next);
            if (seen.insert(next).second) {
                best = std::max(best, weight(next));
                if (seen.size() > kBudget) {
                    return limit + 1;
                }
                todo.push(std::move(next));
            }
        }
    }
    return best;
}

}  // namespace tripline::pattern
