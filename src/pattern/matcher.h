// Matching one event against one pattern: the reference matcher (spec §1–§3, §6). A branch of a
// compiled pattern matches when every constraint is satisfied by some event scalar at its path, all
// chosen scalars lying in the same element of every array of objects they share (array consistency,
// §1.3); a leaf with {"exists":false} is also satisfied when no scalar at its path is compatible
// with the elements chosen by the constraints that sort before it (the engine's order, §6 item 11).
// A pattern matches when any branch does. The search backtracks over array elements; it is exact,
// not bounded.
//
// Pure functions over caller-owned data; thread-safe as long as each thread uses its own
// EventDocument. Errors: matches(pattern, json) fails only for malformed or non-object events.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "pattern/event_document.h"
#include "pattern/event_pattern.h"

namespace tripline::pattern {

// True when the scalar satisfies the expression; kExists means "a scalar is present" (exists:true).
// Anything-but forms return true for values of other types (spec §2.4).
bool expr_matches(const MatchExpr& expr, const EventValue& value);

// True when some expression of the leaf other than {"exists":false} accepts the value.
bool leaf_accepts(const Leaf& leaf, const EventValue& value);

// Reusable buffers for branch_matches().
struct MatchScratch {
    std::vector<std::vector<std::uint32_t>> candidates;
    std::vector<ArrayStep> membership;
};

// `doc` must have been loaded with a PathTable whose slots are the ones `branch` refers to.
bool branch_matches(const Branch& branch, const EventDocument& doc, MatchScratch& scratch);

// The search half of branch_matches(), for callers that computed (or memoised) the candidate lists
// themselves: scratch.candidates[k] must hold, in document order, the values at constraint k's slot
// that its leaf accepts (empty when the leaf has only {"exists":false}), and every list must be
// non-empty unless its constraint is absent_ok.
bool search_branch(const Branch& branch, const EventDocument& doc, MatchScratch& scratch);

// The reference matcher: loads the event with the pattern's own paths and tries each branch.
Result<bool> matches(const EventPattern& pattern, std::string_view event_json);
Result<bool> matches(const EventPattern& pattern, std::string_view event_json, EventDocument& doc);

}  // namespace tripline::pattern
