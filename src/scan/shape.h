// build/release; never run git; edit only your own files. The shape of a managed identifier's data:
// a regular expression for the sensitive text itself (never the keyword), plus an optional
// validator for what a regex cannot say (check digits, ranges, dates). Tables of shapes per group
// live in shapes_<group>.cpp; ManagedScanner compiles the shapes of the selected identifiers. One
// identifier may have several shapes (written forms).
//
// Regex dialect: the common subset of Vectorscan and RE2 - no capturing groups (use (?:...)), no
// backreferences or lookaround. The scanner itself rejects a candidate that a letter or digit
// touches on either side (so shapes need no \b), applies the keyword rule and the catalogue's
// exclusions; shapes and validators only decide "is this text that kind of data".
//
// Keyword rule per shape: an identifier whose catalogue keyword_required is "yes" needs a keyword
// for every shape, "no" for none. For "varies" identifiers a shape needs a keyword unless it sets
// keyword_optional (the IBAN form of the FR/DE/IT/ES/UK bank IDs; phone numbers written with their
// country code). The scanner runs shapes that need a keyword only near keyword hits (or over the
// whole value when a context name holds a keyword), so their regexes may be loose.
//
// The 52 IBAN identifiers share ONE shape whose identifier is kIbanShapeIdentifier: the scanner
// reports each match under the identifier whose iban_country_code is the IBAN's first two letters
// (and only when that identifier is selected).
#pragma once

#include <span>
#include <string_view>

namespace tripline::scan {

struct Shape {
    std::string_view identifier;  // a managed_catalogue() id
    std::string_view regex;
    bool (*validate)(std::string_view candidate) = nullptr;  // nullptr: the regex says it all
    // Case-insensitive regex (Vectorscan HS_FLAG_CASELESS / RE2 (?i)).
    bool caseless = false;
    // The regex may span lines (PEM blocks, PuTTY keys): '.' matches '\n' (HS_FLAG_DOTALL).
    bool multiline = false;
    // For keyword_required "varies" identifiers only: this form needs no keyword (see above).
    bool keyword_optional = false;
};

// The identifier of the shared IBAN shape (not a catalogue id; see above).
inline constexpr std::string_view kIbanShapeIdentifier = "IBAN";

std::span<const Shape> credential_shapes();
std::span<const Shape> financial_shapes();
std::span<const Shape> personal_shapes();

}  // namespace tripline::scan
