// Allow lists (macie.md §7): an occurrence whose text equals a complete entry of a word list
// (case-insensitive, entries trimmed) or completely matches a regex is ignored - not counted, not
// located, not used for severity.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tripline::scan {

class AllowList {
public:
    // kInvalidArgument for a regex RE2 rejects or longer than 512 characters.
    static Result<AllowList> from_regex(std::string_view regex);
    // One entry per line (UTF-8 text); blank lines ignored. kLimitExceeded over 100,000 entries.
    static Result<AllowList> from_words(std::string_view text);

    AllowList(AllowList&&) noexcept;
    AllowList& operator=(AllowList&&) noexcept;
    ~AllowList();

    bool allows(std::string_view occurrence_text) const;

private:
    struct Impl;
    explicit AllowList(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace tripline::scan
