// A compiled EventBridge event pattern: pass 3 of parse → AST → compile. `$or` is expanded into
// branches (disjunctive normal form; a branch is a conjunction of one leaf per field path, the
// occurrence of a path that comes last in the text winning, spec §2.9), each branch's constraints
// are sorted by path in Java string order (the engine's evaluation order, which matters for
// exists:false under arrays, spec §6 item 11), and the engine's limits are checked: at most
// kMaxOrBranches branches, wildcard complexity ≤ kMaxWildcardComplexity per field ("Rule is too
// complex ...").
//
// EventPattern is a cheap-to-copy immutable value (the AST is shared); safe to use from many
// threads. Errors: Result with Errc::kInvalidArgument (reason text as AWS words it) or
// kLimitExceeded.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "pattern/ast.h"
#include "pattern/event_document.h"

namespace tripline::pattern {

inline constexpr std::size_t kMaxOrBranches = 1000;

struct Constraint {
    std::uint32_t slot = 0;        // in the owning PathTable
    const Leaf* leaf = nullptr;    // points into the shared AST
    bool absent_ok = false;        // the leaf has {"exists":false}
    bool has_value_exprs = false;  // the leaf has expressions other than {"exists":false}
};

struct Branch {
    std::vector<Constraint> constraints;  // sorted by path (UTF-16 code unit order)
};

class EventPattern {
public:
    const PatternAst& ast() const { return *ast_; }
    std::string_view text() const { return ast_->text; }
    const std::vector<Branch>& branches() const { return branches_; }
    const PathTable& paths() const { return paths_; }
    const std::shared_ptr<const PatternAst>& shared_ast() const { return ast_; }

private:
    friend Result<EventPattern> compile_pattern(PatternAst ast);

    std::shared_ptr<const PatternAst> ast_;
    PathTable paths_;
    std::vector<Branch> branches_;
};

Result<EventPattern> compile_pattern(PatternAst ast);

// parse_pattern() + compile_pattern().
Result<EventPattern> parse_event_pattern(std::string_view text);

// Java String.compareTo order (UTF-16 code units) of two UTF-8 strings.
bool utf16_less(std::string_view a, std::string_view b);

}  // namespace tripline::pattern
