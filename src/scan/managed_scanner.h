// ManagedScanner: finds the occurrences of a selection of managed data identifiers in a value, by
// their shapes, validators (Luhn, mod-97, ranges, ...), keyword rules (macie.md §2: a keyword
// within 30 characters of the data, before or after, or in a context name) and documented
// exclusions. Compiled once per selection (Vectorscan databases); scan() is const and may run on
// several threads at once (scratch space is per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "scan/scan_types.h"

namespace tripline::scan {

class ManagedScanner {
public:
    // `selected`: indexes into managed_catalogue() (select_managed()).
    static Result<ManagedScanner> compile(const std::vector<std::uint32_t>& selected);

    ManagedScanner(ManagedScanner&&) noexcept;
    ManagedScanner& operator=(ManagedScanner&&) noexcept;
    ~ManagedScanner();

    // Appends the matches found in `value`, in order of `begin`; one occurrence is reported under
    // one identifier only (a card near a keyword is CREDIT_CARD_NUMBER, else
    // CREDIT_CARD_NUMBER_(NO_KEYWORD), and only if that identifier is selected).
    void scan(std::string_view value, const ValueContext& context, std::vector<Match>& out) const;

    const std::vector<std::uint32_t>& selected() const;

private:
    struct Impl;
    explicit ManagedScanner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace tripline::scan
