// KeywordMatcher: the keywords of a selection of managed identifiers (macie.md §2) as one
// Vectorscan literal database, scanned once per value (and once per context name). Matching is
// case-insensitive (ASCII by Vectorscan; upper/title-case variants are added for keywords with
// Latin-1, Latin Extended-A, Greek or Cyrillic letters); a keyword with spaces also matches with
// them removed or replaced by '_' or '-'. In text a hit must not be glued to a letter or digit; in
// a context name '_', '-', '.', and camelCase humps are boundaries too ("ssnValue", "customer_ssn"
// hold "ssn", "lesson" does not). A keyword whose last word is one letter ("exp d") abbreviates
// that word and has no boundary after it ("exp date", "expMonth"). Immutable after compile();
// find_*() are thread-safe given a per-thread scratch that was allocated for database().
#pragma once

#include <hs/hs.h>

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tripline::scan {

// A set of catalogue indexes (the catalogue has 166).
using IdentifierSet = std::bitset<256>;

struct KeywordHit {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint32_t variant = 0;  // KeywordMatcher::identifiers(variant)
};

// The literal forms one keyword is searched as (lower case first; duplicates removed).
std::vector<std::string> keyword_variants(std::string_view keyword);

// Characters (UTF-8 code points; "\r\n" counts as one) in `text`.
std::size_t char_count(std::string_view text);

class KeywordMatcher {
public:
    struct Entry {
        std::uint32_t identifier = 0;
        std::vector<std::string> keywords;
    };
    // An empty entry list compiles to a matcher that finds nothing (database() == nullptr).
    static Result<KeywordMatcher> compile(const std::vector<Entry>& entries);

    KeywordMatcher() = default;
    KeywordMatcher(KeywordMatcher&&) noexcept = default;
    KeywordMatcher& operator=(KeywordMatcher&&) noexcept = default;

    // Appends the hits in `text` (word boundaries applied), ordered by begin; at most `limit`.
    void find_in_text(std::string_view text,
                      hs_scratch_t* scratch,
                      std::vector<KeywordHit>& out,
                      std::size_t limit) const;
    // Adds to `ids` the identifiers of every keyword found in `name` (name boundary rules).
    void find_in_name(std::string_view name, hs_scratch_t* scratch, IdentifierSet& ids) const;

    const IdentifierSet& identifiers(std::uint32_t variant) const { return variants_[variant].ids; }
    // Every identifier that has at least one keyword here.
    const IdentifierSet& all_identifiers() const { return all_; }
    std::size_t max_length() const { return max_length_; }
    hs_database_t* database() const { return db_.get(); }

private:
    struct HitContext {
        const KeywordMatcher* matcher;
        std::string_view text;
        std::vector<KeywordHit>* hits;  // text mode
        std::size_t limit;
        IdentifierSet* ids;  // name mode
    };
    static int on_hit(unsigned int id,
                      unsigned long long from,
                      unsigned long long to,
                      unsigned int flags,
                      void* context);

    struct Variant {
        std::string text;
        IdentifierSet ids;
        bool alnum_first = false;
        bool alnum_last = false;
    };
    struct DatabaseDeleter {
        void operator()(hs_database_t* db) const { hs_free_database(db); }
    };
    std::vector<Variant> variants_;
    IdentifierSet all_;
    std::size_t max_length_ = 0;
    std::unique_ptr<hs_database_t, DatabaseDeleter> db_;
};

}  // namespace tripline::scan
