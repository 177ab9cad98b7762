// ValueScanner: what one scan applies to every value of every object - the managed scanner, the
// custom matcher and the allow lists together. Borrows them; they must outlive it.
#pragma once

#include <string_view>
#include <vector>

#include "scan/allow_list.h"
#include "scan/custom_identifier.h"
#include "scan/managed_scanner.h"
#include "scan/scan_types.h"

namespace tripline::scan {

class ValueScanner {
public:
    // Either pointer may be null (no managed / no custom identifiers).
    ValueScanner(const ManagedScanner* managed,
                 const CustomMatcher* custom,
                 std::vector<const AllowList*> allow_lists)
        : managed_(managed), custom_(custom), allow_lists_(std::move(allow_lists)) {}

    virtual ~ValueScanner() = default;

    // Appends the value's matches that no allow list ignores, ordered by begin. Virtual so that
    // format readers can be tested with a stand-in.
    virtual void scan(std::string_view value,
                      const ValueContext& context,
                      std::vector<Match>& out) const;

    const ManagedScanner* managed() const { return managed_; }
    const CustomMatcher* custom() const { return custom_; }

private:
    const ManagedScanner* managed_;
    const CustomMatcher* custom_;
    std::vector<const AllowList*> allow_lists_;
};

}  // namespace tripline::scan
