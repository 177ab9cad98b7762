// ValueScanner::scan (macie.md §7): the managed scanner and the custom matcher over one value, the
// allow lists applied to each occurrence's text, the survivors appended in order of begin.
#include "scan/value_scanner.h"

#include <algorithm>

namespace tripline::scan {

void ValueScanner::scan(std::string_view value,
                        const ValueContext& context,
                        std::vector<Match>& out) const {
    // Per-thread scratch: one value's matches before the allow lists, reused so that a value costs
    // no allocation. Nothing called from here scans through a ValueScanner, so no re-entry.
    thread_local std::vector<Match> scratch;
    scratch.clear();
    if (managed_ != nullptr) {
        managed_->scan(value, context, scratch);
    }
    if (custom_ != nullptr) {
        custom_->scan(value, context, scratch);
    }
    if (scratch.empty()) {
        return;
    }

    if (!allow_lists_.empty()) {
        auto allowed = [&](const Match& m) {
            if (m.begin > m.end || m.end > value.size()) {
                return false;
            }
            std::string_view text = value.substr(m.begin, m.end - m.begin);
            for (const AllowList* list : allow_lists_) {
                if (list != nullptr && list->allows(text)) {
                    return true;
                }
            }
            return false;
        };
        scratch.erase(std::remove_if(scratch.begin(), scratch.end(), allowed), scratch.end());
    }
    std::stable_sort(scratch.begin(), scratch.end(), [](const Match& a, const Match& b) {
        return a.begin < b.begin;
    });
    out.insert(out.end(), scratch.begin(), scratch.end());
    if (scratch.capacity() > 65536) {
        std::vector<Match>().swap(scratch);  // don't pin a huge buffer after a pathological value
    }
}

}  // namespace tripline::scan
