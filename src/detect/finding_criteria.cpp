#include "detect/finding_criteria.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>

#include "base/clock.h"

namespace tripline::detect {

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t dot = path.find('.', start);
        parts.push_back(
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts;
}

// Every value at `path` (fanning out over arrays). service.additionalInfo holds its members as
// JSON text ({"value": "{...}", "type": "default"}); a path through it reads inside that text,
// parsed into `scratch` (which owns it while the pointers are used).
void collect(const nlohmann::json& node,
             const std::vector<std::string>& path,
             std::size_t depth,
             std::vector<const nlohmann::json*>& out,
             std::deque<nlohmann::json>& scratch) {
    if (node.is_array()) {
        for (const auto& element : node) {
            collect(element, path, depth, out, scratch);
        }
        return;
    }
    if (depth == path.size()) {
        out.push_back(&node);
        return;
    }
    if (!node.is_object()) {
        return;
    }
    auto it = node.find(path[depth]);
    if (it != node.end()) {
        collect(*it, path, depth + 1, out, scratch);
        return;
    }
    auto text = node.find("value");
    if (text != node.end() && text->is_string() && node.contains("type")) {
        nlohmann::json parsed = nlohmann::json::parse(text->get<std::string>(), nullptr, false);
        if (parsed.is_object()) {
            scratch.push_back(std::move(parsed));
            collect(scratch.back(), path, depth, out, scratch);
        }
    }
}

std::string text_of(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number()) {
        double d = value.get<double>();
        if (std::floor(d) == d && std::abs(d) < 1e15) {
            return std::to_string(static_cast<long long>(d));
        }
        return value.dump();
    }
    return value.dump();
}

std::optional<double> number_of(const nlohmann::json& value, bool epoch_millis) {
    if (value.is_number()) {
        return value.get<double>();
    }
    if (epoch_millis && value.is_string()) {
        TimePoint t;
        if (parse_iso8601(value.get<std::string>(), t)) {
            return static_cast<double>(
                std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch())
                    .count());
        }
    }
    return std::nullopt;
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == text[t] || pattern[p] == '?')) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

Error criteria_error(const std::string& field, const std::string& message) {
    return make_error(Errc::kInvalidArgument,
                      "The request is rejected because the criterion " + field + " " + message);
}

}  // namespace

Result<FindingCriteria> FindingCriteria::parse(const nlohmann::json& criteria) {
    FindingCriteria out;
    if (criteria.is_null()) {
        return out;
    }
    if (!criteria.is_object()) {
        return make_error(Errc::kInvalidArgument, "findingCriteria must be an object.");
    }
    auto criterion = criteria.find("criterion");
    if (criterion == criteria.end() || criterion->is_null()) {
        return out;
    }
    if (!criterion->is_object()) {
        return make_error(Errc::kInvalidArgument, "findingCriteria.criterion must be an object.");
    }
    static const std::pair<std::string_view, Op> kOps[] = {
        {"eq", Op::kEq},
        {"equals", Op::kEq},
        {"neq", Op::kNeq},
        {"notEquals", Op::kNeq},
        {"gt", Op::kGt},
        {"greaterThan", Op::kGt},
        {"gte", Op::kGte},
        {"greaterThanOrEqual", Op::kGte},
        {"lt", Op::kLt},
        {"lessThan", Op::kLt},
        {"lte", Op::kLte},
        {"lessThanOrEqual", Op::kLte},
        {"matches", Op::kMatches},
        {"notMatches", Op::kNotMatches},
    };
    for (const auto& [field, conditions] : criterion->items()) {
        if (!conditions.is_object()) {
            return criteria_error(field, "must be an object of conditions.");
        }
        for (const auto& [name, value] : conditions.items()) {
            const Op* op = nullptr;
            for (const auto& [op_name, candidate] : kOps) {
                if (op_name == name) {
                    op = &candidate;
                }
            }
            if (op == nullptr) {
                return criteria_error(field, "has an unknown condition '" + name + "'.");
            }
            Condition c;
            c.path = split_path(field);
            c.op = *op;
            if (c.op == Op::kEq || c.op == Op::kNeq || c.op == Op::kMatches ||
                c.op == Op::kNotMatches) {
                if (!value.is_array()) {
                    return criteria_error(field, "condition " + name + " takes a list of values.");
                }
                const std::size_t limit = c.op == Op::kMatches || c.op == Op::kNotMatches ? 5 : 50;
                if (value.size() > limit) {
                    return criteria_error(field,
                                          "condition " + name + " takes at most " +
                                              std::to_string(limit) + " values.");
                }
                for (const auto& v : value) {
                    c.values.push_back(text_of(v));
                }
            } else {
                if (!value.is_number()) {
                    return criteria_error(field, "condition " + name + " takes a number.");
                }
                c.bound = value.get<double>();
            }
            out.conditions_.push_back(std::move(c));
        }
    }
    return out;
}

bool FindingCriteria::holds(const Condition& c, const nlohmann::json& finding) {
    std::vector<const nlohmann::json*> values;
    std::deque<nlohmann::json> scratch;
    collect(finding, c.path, 0, values, scratch);
    const bool epoch = c.path.size() == 1 && (c.path[0] == "updatedAt" || c.path[0] == "createdAt");
    auto any_value = [&](auto&& predicate) {
        for (const nlohmann::json* v : values) {
            if (predicate(*v)) {
                return true;
            }
        }
        return false;
    };
    auto equals_any = [&](const nlohmann::json& v) {
        std::string text = text_of(v);
        for (const std::string& wanted : c.values) {
            if (wanted == text) {
                return true;
            }
            auto n = number_of(v, false);
            if (n && !wanted.empty()) {
                char* end = nullptr;
                double w = std::strtod(wanted.c_str(), &end);
                if (end != nullptr && *end == '\0' && w == *n) {
                    return true;
                }
            }
        }
        return false;
    };
    auto matches_any = [&](const nlohmann::json& v) {
        std::string text = text_of(v);
        for (const std::string& pattern : c.values) {
            if (wildcard_match(pattern, text)) {
                return true;
            }
        }
        return false;
    };
    auto compare = [&](auto&& cmp) {
        return any_value([&](const nlohmann::json& v) {
            auto n = number_of(v, epoch);
            return n && cmp(*n, c.bound);
        });
    };
    switch (c.op) {
        case Op::kEq:
            return any_value(equals_any);
        case Op::kNeq:
            return !any_value(equals_any);
        case Op::kMatches:
            return any_value(matches_any);
        case Op::kNotMatches:
            return !any_value(matches_any);
        case Op::kGt:
            return compare([](double a, double b) { return a > b; });
        case Op::kGte:
            return compare([](double a, double b) { return a >= b; });
        case Op::kLt:
            return compare([](double a, double b) { return a < b; });
        case Op::kLte:
            return compare([](double a, double b) { return a <= b; });
    }
    return false;
}

bool FindingCriteria::matches(const nlohmann::json& finding) const {
    for (const Condition& c : conditions_) {
        if (!holds(c, finding)) {
            return false;
        }
    }
    return true;
}

std::optional<nlohmann::json> finding_value(const nlohmann::json& finding,
                                            const std::string& path) {
    std::vector<const nlohmann::json*> values;
    std::deque<nlohmann::json> scratch;
    collect(finding, split_path(path), 0, values, scratch);
    if (values.empty()) {
        return std::nullopt;
    }
    return *values.front();
}

bool finding_less(const nlohmann::json& a, const nlohmann::json& b, const std::string& attribute) {
    auto va = finding_value(a, attribute);
    auto vb = finding_value(b, attribute);
    if (!va || !vb) {
        return !va && vb;
    }
    if (va->is_number() && vb->is_number()) {
        return va->get<double>() < vb->get<double>();
    }
    return text_of(*va) < text_of(*vb);
}

}  // namespace tripline::detect
