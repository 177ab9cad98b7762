// ScanSetup: everything one job run (or one `tripline scan`) applies to every object - the
// compiled managed identifiers, custom identifiers and allow lists, and the ValueScanner over
// them. Built once per run; immovable because the ValueScanner borrows its parts.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "scan/allow_list.h"
#include "scan/custom_identifier.h"
#include "scan/managed_scanner.h"
#include "scan/value_scanner.h"

namespace tripline::discover {

struct ScanSetup {
    std::optional<scan::ManagedScanner> managed;
    std::optional<scan::CustomMatcher> custom;
    std::vector<scan::AllowList> allow_lists;
    std::unique_ptr<scan::ValueScanner> scanner;

    const scan::CustomMatcher* custom_matcher() const { return custom ? &*custom : nullptr; }
};

// `selector`/`managed_ids` as managedDataIdentifierSelector/managedDataIdentifierIds; NONE needs at
// least one custom identifier (macie.md §11).
Result<std::unique_ptr<ScanSetup>> make_scan_setup(const std::string& selector,
                                                   const std::vector<std::string>& managed_ids,
                                                   std::vector<scan::CustomIdentifierSpec> custom,
                                                   std::vector<scan::AllowList> allow_lists);

}  // namespace tripline::discover
