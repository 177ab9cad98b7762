// ManagedScanner: three Vectorscan databases per selection (macie.md §14) -
//   * keywords: every keyword of the selected identifiers, as case-insensitive literals;
//   * global: the shapes that need no keyword, scanned over the whole value (SOM_LEFTMOST);
//   * window: the shapes that need a keyword, scanned only around keyword hits (±30 characters
//     plus the longest such shape), or over the whole value when a context name holds a keyword.
// Vectorscan reports every end offset with its leftmost start; a candidate that fails there is
// retried from later starts (RE2 full match), since the leftmost start may belong to text before
// the data ("DE44 GB29NWBK..."). Candidates then pass the edge rule, validator, exclusions and
// keyword rule; overlapping survivors are resolved to one identifier per piece of text.
#include "scan/managed_scanner.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <string>

#include "scan/managed_catalogue.h"
#include "scan/managed_match_rules.h"
#include "scan/managed_scanner_impl.h"
#include "scan/validators.h"

namespace tripline::scan {

using namespace managed_internal;

namespace {

thread_local ThreadScratch tls_scratch;
thread_local Work tls_work;

struct ShapeScanContext {
    const std::vector<CompiledShape>* shapes;
    std::string_view value;
    std::size_t base;
    std::vector<RawMatch>* raw;
};

}  // namespace

hs_scratch_t* ManagedScanner::Impl::thread_scratch() const {
    ThreadScratch& t = tls_scratch;
    if (t.generation != generation) {
        // One scratch per thread, grown to fit every database it has served.
        for (hs_database_t* db : {keywords.database(), global_db.get(), window_db.get()}) {
            if (db != nullptr && hs_alloc_scratch(db, &t.scratch) != HS_SUCCESS) {
                t.generation = 0;
                return nullptr;
            }
        }
        t.generation = generation;
    }
    return t.scratch;
}

void ManagedScanner::Impl::scan_database(hs_database_t* db,
                                         std::string_view value,
                                         std::size_t begin,
                                         std::size_t end,
                                         std::vector<RawMatch>& raw) const {
    if (raw.size() >= kMaxMatchesPerValue || end <= begin) {
        return;
    }
    ShapeScanContext ctx{&shapes, value, begin, &raw};
    auto on_match = [](unsigned int id,
                       unsigned long long from,
                       unsigned long long to,
                       unsigned int /*flags*/,
                       void* context) -> int {
        auto* c = static_cast<ShapeScanContext*>(context);
        const std::size_t b = c->base + static_cast<std::size_t>(from);
        const std::size_t e = c->base + static_cast<std::size_t>(to);
        // Every end offset is reported; most are inside a longer token and die here.
        if (e <= b || glued_right(c->value, e, (*c->shapes)[id].token_extra)) {
            return 0;
        }
        c->raw->push_back(RawMatch{id, b, e});
        return c->raw->size() >= kMaxMatchesPerValue ? 1 : 0;
    };
    hs_scan(db,
            value.data() + begin,
            static_cast<unsigned int>(end - begin),
            0,
            thread_scratch(),
            on_match,
            &ctx);
}

void ManagedScanner::Impl::collect_windows(std::string_view value, Work& work) const {
    work.windows.clear();
    for (const KeywordHit& hit : work.hits) {
        if ((keywords.identifiers(hit.variant) & window_identifiers).none()) {
            continue;
        }
        std::size_t from = back_chars(value, hit.begin, kKeywordProximity + 1);
        from = from > window_width ? from - window_width : 0;
        std::size_t to = forward_chars(value, hit.end, kKeywordProximity + 1);
        to = std::min(value.size(), to + window_width);
        work.windows.emplace_back(from, to);
    }
    std::sort(work.windows.begin(), work.windows.end());
    std::size_t kept = 0;
    for (const auto& w : work.windows) {
        if (kept > 0 && w.first <= work.windows[kept - 1].second) {
            work.windows[kept - 1].second = std::max(work.windows[kept - 1].second, w.second);
        } else {
            work.windows[kept++] = w;
        }
    }
    work.windows.resize(kept);
}

bool ManagedScanner::Impl::keyword_near(std::string_view value,
                                        const std::vector<KeywordHit>& hits,
                                        std::uint32_t identifier,
                                        std::size_t begin,
                                        std::size_t end) const {
    if (hits.empty() || !keywords.all_identifiers()[identifier]) {
        return false;
    }
    const std::size_t reach = 4 * kKeywordProximity + 8;
    const std::size_t low =
        begin > reach + keywords.max_length() ? begin - reach - keywords.max_length() : 0;
    auto it =
        std::lower_bound(hits.begin(), hits.end(), low, [](const KeywordHit& h, std::size_t pos) {
            return h.begin < pos;
        });
    for (; it != hits.end() && it->begin <= end + reach; ++it) {
        if (keywords.identifiers(it->variant)[identifier] &&
            in_proximity(value, it->begin, it->end, begin, end)) {
            return true;
        }
    }
    return false;
}

bool ManagedScanner::Impl::excluded(std::uint32_t identifier, std::string_view text) const {
    const auto& list = exclusions[identifier];
    if (!list.empty() &&
        list.count(digit_exclusions[identifier] ? digits_of(text) : std::string(text)) != 0) {
        return true;
    }
    if (zero_excluded[identifier]) {
        bool digit = false;
        for (char c : text) {
            if (c >= '1' && c <= '9') {
                return false;
            }
            digit |= c == '0';
        }
        return digit;
    }
    return false;
}

bool ManagedScanner::Impl::accept(std::string_view value,
                                  const CompiledShape& shape,
                                  std::size_t begin,
                                  std::size_t end,
                                  const IdentifierSet& context_ids,
                                  Work& work) const {
    if (glued_left(value, begin, shape.token_extra)) {
        return false;
    }
    if (shape.card && card_group_continues(value, begin, end)) {
        return false;
    }
    const std::string_view text = value.substr(begin, end - begin);
    if (shape.shape->validate != nullptr && !shape.shape->validate(text)) {
        return false;
    }
    std::uint32_t identifier = shape.identifier;
    if (identifier == kIbanIdentifier) {
        auto it = iban_by_country.find(std::string(text.substr(0, 2)));
        if (it == iban_by_country.end()) {
            return false;  // a country without a (selected) identifier
        }
        identifier = it->second;
    }
    if (excluded(identifier, text)) {
        return false;
    }
    bool keyword = false;
    switch (shape.need) {
        case KeywordNeed::kRequired:
            keyword =
                context_ids[identifier] || keyword_near(value, work.hits, identifier, begin, end);
            if (!keyword) {
                return false;
            }
            break;
        case KeywordNeed::kAbsentCard:
            if (context_ids[card_with_keyword] ||
                keyword_near(value, work.hits, card_with_keyword, begin, end)) {
                return false;  // it is CREDIT_CARD_NUMBER's occurrence, selected or not
            }
            break;
        case KeywordNeed::kNone:
            keyword =
                keywords.all_identifiers()[identifier] &&
                (context_ids[identifier] || keyword_near(value, work.hits, identifier, begin, end));
            break;
    }
    work.candidates.push_back(Candidate{identifier, begin, end, keyword});
    return true;
}

void ManagedScanner::Impl::evaluate(std::string_view value,
                                    const RawMatch& raw,
                                    const IdentifierSet& context_ids,
                                    Work& work) const {
    const CompiledShape& shape = shapes[raw.shape];
    std::size_t begin = raw.begin;
    bool matched = true;  // Vectorscan matched [raw.begin, raw.end)
    for (int attempt = 0;; ++attempt) {
        if (matched && accept(value, shape, begin, raw.end, context_ids, work)) {
            return;
        }
        begin = next_start(value, begin + 1, raw.end, shape.token_extra);
        if (begin >= raw.end || attempt >= kMaxStartAttempts) {
            return;
        }
        matched =
            RE2::FullMatch(re2::StringPiece(value.data() + begin, raw.end - begin), *shape.re2);
    }
}

ManagedScanner::ManagedScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ManagedScanner::ManagedScanner(ManagedScanner&&) noexcept = default;
ManagedScanner& ManagedScanner::operator=(ManagedScanner&&) noexcept = default;
ManagedScanner::~ManagedScanner() = default;

const std::vector<std::uint32_t>& ManagedScanner::selected() const { return impl_->selected; }

void ManagedScanner::scan(std::string_view value,
                          const ValueContext& context,
                          std::vector<Match>& out) const {
    const Impl& im = *impl_;
    if (value.empty() || im.shapes.empty() || value.size() > 0xFFFFFFFFu ||
        (value.size() < im.global_min_width && value.size() < im.window_min_width)) {
        return;
    }
    hs_scratch_t* scratch = im.thread_scratch();
    if (scratch == nullptr) {
        return;
    }
    Work& work = tls_work;
    work.hits.clear();
    work.raw.clear();
    work.candidates.clear();

    IdentifierSet context_ids;
    for (std::string_view name : context.names) {
        im.keywords.find_in_name(name, scratch, context_ids);
    }
    im.keywords.find_in_text(value, scratch, work.hits, kMaxKeywordHits);

    if (im.global_db) {
        im.scan_database(im.global_db.get(), value, 0, value.size(), work.raw);
    }
    if (im.window_db) {
        if ((context_ids & im.window_identifiers).any()) {
            im.scan_database(im.window_db.get(), value, 0, value.size(), work.raw);
        } else {
            im.collect_windows(value, work);
            for (const auto& [from, to] : work.windows) {
                im.scan_database(im.window_db.get(), value, from, to, work.raw);
            }
        }
    }
    for (const RawMatch& raw : work.raw) {
        im.evaluate(value, raw, context_ids, work);
    }
    if (work.candidates.empty()) {
        return;
    }

    // One identifier per piece of text: keyword-backed first, then longer, then catalogue order.
    auto& cands = work.candidates;
    work.order.resize(cands.size());
    for (std::uint32_t i = 0; i < cands.size(); ++i) {
        work.order[i] = i;
    }
    std::sort(work.order.begin(), work.order.end(), [&cands](std::uint32_t x, std::uint32_t y) {
        const Candidate& a = cands[x];
        const Candidate& b = cands[y];
        if (a.keyword != b.keyword) {
            return a.keyword;
        }
        if (a.end - a.begin != b.end - b.begin) {
            return a.end - a.begin > b.end - b.begin;
        }
        if (a.identifier != b.identifier) {
            return a.identifier < b.identifier;
        }
        return a.begin < b.begin;
    });
    std::set<std::pair<std::size_t, std::size_t>> kept;  // disjoint [begin, end)
    std::vector<Match> found;
    for (std::uint32_t i : work.order) {
        const Candidate& c = cands[i];
        auto next = kept.lower_bound({c.end, 0});
        if (next != kept.begin() && std::prev(next)->second > c.begin) {
            continue;  // overlaps the kept interval that starts last before c.end
        }
        kept.emplace(c.begin, c.end);
        found.push_back(Match{Match::Kind::kManaged, c.identifier, c.begin, c.end});
    }
    std::sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    out.insert(out.end(), found.begin(), found.end());
}

}  // namespace tripline::scan