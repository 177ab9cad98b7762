#include "discover/scan_setup.h"

#include "scan/managed_catalogue.h"

namespace tripline::discover {

Result<std::unique_ptr<ScanSetup>> make_scan_setup(const std::string& selector,
                                                   const std::vector<std::string>& managed_ids,
                                                   std::vector<scan::CustomIdentifierSpec> custom,
                                                   std::vector<scan::AllowList> allow_lists) {
    if (selector == "NONE" && custom.empty()) {
        return make_error(
            Errc::kInvalidArgument,
            "managedDataIdentifierSelector NONE needs at least one customDataIdentifierIds entry");
    }
    auto setup = std::make_unique<ScanSetup>();
    TRIPLINE_ASSIGN_OR_RETURN(auto selected, scan::select_managed(selector, managed_ids));
    if (!selected.empty()) {
        TRIPLINE_ASSIGN_OR_RETURN(auto managed, scan::ManagedScanner::compile(selected));
        setup->managed.emplace(std::move(managed));
    }
    if (!custom.empty()) {
        TRIPLINE_ASSIGN_OR_RETURN(auto matcher, scan::CustomMatcher::compile(std::move(custom)));
        setup->custom.emplace(std::move(matcher));
    }
    setup->allow_lists = std::move(allow_lists);
    std::vector<const scan::AllowList*> lists;
    for (const scan::AllowList& list : setup->allow_lists) {
        lists.push_back(&list);
    }
    setup->scanner = std::make_unique<scan::ValueScanner>(
        setup->managed ? &*setup->managed : nullptr, setup->custom_matcher(), std::move(lists));
    return setup;
}

}  // namespace tripline::discover
