// The 166 managed data identifiers (macie.md §1-§5) as data: id, category, keyword rule, keywords,
// severity by count, RECOMMENDED membership, documented exclusions, IBAN country/length. Loaded
// once from managed_identifiers.json, which the build embeds into the library (no file access).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "scan/scan_types.h"

namespace tripline::scan {

enum class KeywordRule { kRequired, kNone, kVaries };  // JSON keyword_required: yes | no | varies

struct ManagedIdentifier {
    std::string id;  // e.g. "CREDIT_CARD_NUMBER_(NO_KEYWORD)"
    Category category = Category::kPersonal;
    KeywordRule keyword_rule = KeywordRule::kRequired;
    std::vector<std::string> keywords;
    std::array<Severity, 3> severity_by_count{};  // 1, 2-99, >=100 occurrences
    bool recommended = false;
    std::vector<std::string> exclusions;
    std::string iban_country_code;  // IBAN identifiers only
    int iban_length = 0;
};

// Every managed identifier, in the catalogue's order (stable: indexes are Match::index).
const std::vector<ManagedIdentifier>& managed_catalogue();
std::optional<std::uint32_t> managed_index(std::string_view id);
Severity severity_for_count(const ManagedIdentifier& identifier, std::uint64_t count);

// managedDataIdentifierSelector (macie.md §11): ALL | EXCLUDE | INCLUDE | NONE | RECOMMENDED (also
// when empty). Returns the selected catalogue indexes in catalogue order; kInvalidArgument naming
// the unknown id or the misuse (ids with ALL/NONE/RECOMMENDED, none with INCLUDE/EXCLUDE).
Result<std::vector<std::uint32_t>> select_managed(std::string_view selector,
                                                  const std::vector<std::string>& ids);

}  // namespace tripline::scan
