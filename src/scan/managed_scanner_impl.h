// ManagedScanner's private parts, shared by managed_scanner.cpp (scanning) and
// managed_scanner_compile.cpp (building the databases). Not for use outside those two files.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scan/keyword_matcher.h"
#include "scan/managed_scanner.h"
#include "scan/shape.h"

namespace tripline::scan {

namespace managed_internal {

constexpr std::size_t kMaxMatchesPerValue = 100'000;  // raw shape matches kept per value
constexpr std::size_t kMaxKeywordHits = 100'000;
constexpr unsigned kMaxWindowShapeWidth = 512;  // window margin for unbounded keyword shapes
constexpr int kMaxStartAttempts = 16;
constexpr std::uint32_t kIbanIdentifier = 0xFFFFFFFFu;

struct DatabaseDeleter {
    void operator()(hs_database_t* db) const { hs_free_database(db); }
};
using Database = std::unique_ptr<hs_database_t, DatabaseDeleter>;

enum class KeywordNeed : std::uint8_t {
    kRequired,    // reported only with a keyword in proximity or in a context name
    kNone,        // reported either way (a keyword still ranks it higher)
    kAbsentCard,  // CREDIT_CARD_NUMBER_(NO_KEYWORD): reported only WITHOUT a card keyword
};

struct CompiledShape {
    const Shape* shape = nullptr;
    std::uint32_t identifier = 0;  // catalogue index, or kIbanIdentifier
    KeywordNeed need = KeywordNeed::kNone;
    bool card = false;
    std::string_view token_extra;
    std::unique_ptr<RE2> re2;
    unsigned max_width = 0;
    unsigned flags = 0;
};

struct RawMatch {
    std::uint32_t shape;
    std::size_t begin;
    std::size_t end;
};

struct Candidate {
    std::uint32_t identifier;
    std::size_t begin;
    std::size_t end;
    bool keyword;
};

// Per-thread buffers, reused from value to value so that scanning allocates nothing in steady
// state.
struct Work {
    std::vector<KeywordHit> hits;
    std::vector<RawMatch> raw;
    std::vector<Candidate> candidates;
    std::vector<std::pair<std::size_t, std::size_t>> windows;
    std::vector<std::uint32_t> order;
};

struct ThreadScratch {
    hs_scratch_t* scratch = nullptr;
    std::uint64_t generation = 0;  // the scanner the scratch was last sized for
    ~ThreadScratch() {
        if (scratch != nullptr) {
            hs_free_scratch(scratch);
        }
    }
};

}  // namespace managed_internal

struct ManagedScanner::Impl {
    using CompiledShape = managed_internal::CompiledShape;
    using Database = managed_internal::Database;
    using RawMatch = managed_internal::RawMatch;
    using Work = managed_internal::Work;

    std::vector<std::uint32_t> selected;
    IdentifierSet selected_set;
    std::vector<CompiledShape> shapes;
    Database global_db;
    Database window_db;
    unsigned window_width = 0;  // longest keyword-needing shape (capped)
    // The shortest text any global / window shape matches: shorter values (most CSV cells and
    // JSON values) cannot hold an occurrence and skip every database.
    unsigned global_min_width = ~0u;
    unsigned window_min_width = ~0u;
    IdentifierSet window_identifiers;  // identifiers with a keyword-needing shape
    KeywordMatcher keywords;
    std::unordered_map<std::string, std::uint32_t> iban_by_country;  // selected IBAN identifiers
    std::vector<std::unordered_set<std::string>> exclusions;         // per catalogue index
    IdentifierSet digit_exclusions;  // card identifiers: exclusions compare digits only
    IdentifierSet zero_excluded;
    std::uint32_t card_with_keyword = 0;
    std::uint64_t generation = 0;

    hs_scratch_t* thread_scratch() const;
    void scan_database(hs_database_t* db,
                       std::string_view value,
                       std::size_t begin,
                       std::size_t end,
                       std::vector<RawMatch>& raw) const;
    void collect_windows(std::string_view value, Work& work) const;
    void evaluate(std::string_view value,
                  const RawMatch& raw,
                  const IdentifierSet& context_ids,
                  Work& work) const;
    bool accept(std::string_view value,
                const CompiledShape& shape,
                std::size_t begin,
                std::size_t end,
                const IdentifierSet& context_ids,
                Work& work) const;
    bool keyword_near(std::string_view value,
                      const std::vector<KeywordHit>& hits,
                      std::uint32_t identifier,
                      std::size_t begin,
                      std::size_t end) const;
    bool excluded(std::uint32_t identifier, std::string_view text) const;
};

}  // namespace tripline::scan
