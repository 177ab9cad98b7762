// Parses and validates EventBridge event-pattern text into a PatternAst (ast.h). This is passes 1-2
// of parse → AST → compile: JSON syntax (a private reader that keeps byte offsets), then validation
// with the exact reason texts of AWS's InvalidEventPatternException (event-ruler's wording, spec
// §4).
//
// Grammar (EBNF over JSON values; whitespace as in JSON):
//   pattern     = object ;
//   object      = "{" field { "," field } "}" ;                 (* no empty objects *)
//   field       = string ":" ( object | leaf )
//               | "\"$or\"" ":" "[" object "," object { "," object } "]" ;
//   leaf        = "[" element { "," element } "]" ;             (* no empty arrays *)
//   element     = string | number | "true" | "false" | "null" | operator ;
//   operator    = "{" ( prefix | suffix | eic | exactly | wildcard | anything | numeric
//                     | exists | cidr ) "}" ;                   (* exactly one key *)
//   prefix      = "\"prefix\"" ":" ( string | "{" "\"equals-ignore-case\"" ":" string "}" ) ;
//   suffix      = "\"suffix\"" ":" ( string | "{" "\"equals-ignore-case\"" ":" string "}" ) ;
//   eic         = "\"equals-ignore-case\"" ":" string ;
//   exactly     = "\"exactly\"" ":" string ;
//   wildcard    = "\"wildcard\"" ":" string ;                   (* `*`, `\*`, `\\`; no `**` *)
//   anything    = "\"anything-but\"" ":" ( string | number | "[" strings "]" | "[" numbers "]"
//               | "{" ( "\"prefix\"" | "\"suffix\"" | "\"equals-ignore-case\"" | "\"wildcard\"" )
//                     ":" ( string | "[" strings "]" ) "}" ) ;
//   numeric     = "\"numeric\"" ":" "[" ( ( "\"=\"" | "\"<\"" | "\"<=\"" ) "," number
//               | ( "\">\"" | "\">=\"" ) "," number [ "," ( "\"<\"" | "\"<=\"" ) "," number ] ) "]"
//               ;
//   exists      = "\"exists\"" ":" ( "true" | "false" ) ;
//   cidr        = "\"cidr\"" ":" string ;                       (* ADDR/BITS, IPv4 or IPv6 *)
// `$or` is recognised only as above and when no field inside its objects is a reserved operator
// name; otherwise it is an ordinary field name, as in AWS (spec §2.9).
//
// Limits: pattern text ≤ kMaxPatternLength UTF-16 units (Errc::kLimitExceeded), JSON nesting ≤ 128.
// Errors: Errc::kInvalidArgument with Error.message = the engine's reason text (e.g. "Unrecognized
// match type like") and Error.where = position of the offending token (byte offset, line, column).
// format_invalid_pattern_message() builds the full AWS message text from such an error.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "pattern/ast.h"

namespace tripline::pattern {

inline constexpr std::size_t kMaxPatternLength = 4096;

Result<PatternAst> parse_pattern(std::string_view text);

// "Event pattern is not valid. Reason: <reason>" plus, for errors the engine reports with a
// location,
// "\n at [Source: (String)\"<pattern>\"; line: L, column: C]" (spec §4).
std::string format_invalid_pattern_message(const Error& error, std::string_view pattern_text);

// True for reasons AWS reports without a location suffix (CIDR syntax, rule complexity).
bool is_unlocated_reason(std::string_view reason);

}  // namespace tripline::pattern
