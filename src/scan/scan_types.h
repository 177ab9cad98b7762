// Vocabulary shared by the data-discovery scanner (macie.md): severities, categories, the context a
// value is scanned in, and one match of a data identifier inside a value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tripline::scan {

enum class Severity : int { kLow = 1, kMedium = 2, kHigh = 3 };
// "Low" | "Medium" | "High" (a finding's severity.description; score = the enum value).
std::string_view severity_name(Severity severity);

// sensitiveData[].category on the wire; kCustom is never listed there (CDIs have their own block).
enum class Category { kCredentials, kFinancial, kPersonal, kCustom };
// "CREDENTIALS" | "FINANCIAL_INFORMATION" | "PERSONAL_INFORMATION" | "CUSTOM_IDENTIFIER"
std::string_view category_name(Category category);

// Where a value sits in a structured file: the names whose keywords put every match of the value
// "in proximity" (macie.md §2) - a CSV/TSV column name, or the element names on a JSON path. Empty
// for unstructured text.
struct ValueContext {
    std::span<const std::string_view> names;
};

// One occurrence of a data identifier inside one scanned value, as byte offsets into that value.
struct Match {
    enum class Kind : std::uint8_t { kManaged, kCustom };
    Kind kind = Kind::kManaged;
    std::uint32_t index =
        0;  // kManaged: index into managed_catalogue(); kCustom: into the CustomMatcher
    std::size_t begin = 0;
    std::size_t end =
        0;  // one past the last byte of the sensitive text (the keyword is not part of it)
};

}  // namespace tripline::scan
