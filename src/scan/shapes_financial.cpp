// Shapes of the 58 FINANCIAL_INFORMATION identifiers (macie.md §3): cards, expiration, security
// code, magnetic stripe, US/CA bank accounts, the shared IBAN shape (the scanner picks the
// country's identifier) and the national BBAN forms of FR/DE/IT/ES/UK, which need a keyword.
#include "scan/shape.h"
#include "scan/validators.h"

namespace tripline::scan {

namespace {

// 13-19 contiguous digits, 4-digit groups (the last one or two shorter), or Amex 4-6-5 /
// Diners 4-6-4; one space or hyphen between groups (the validator wants one kind throughout).
#define TRIPLINE_CARD_REGEX                                                      \
    "[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){2}[ -][0-9]{1,4}(?:[ -][0-9]{1,3})?|" \
    "[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}"
#define TRIPLINE_MONTH "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"

constexpr Shape kFinancialShapes[] = {
    // Canada / US account numbers: 9-17 digits, no spaces (keyword required).
    {.identifier = "BANK_ACCOUNT_NUMBER", .regex = "[0-9]{9,17}"},

    // Every IBAN country: contiguous or in groups of four.
    {.identifier = kIbanShapeIdentifier,
     .regex = "[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]){11,30}",
     .validate = valid_iban,
     .keyword_optional = true},

    // National BBANs (keyword required): the registry structure, contiguous, split at its parts,
    // or in groups of four as inside the IBAN.
    {.identifier = "FRANCE_BANK_ACCOUNT_NUMBER",
     .regex = "[0-9]{5}[ -]?[0-9]{5}[ -]?[0-9A-Z]{11}[ -]?[0-9]{2}|"
              "[0-9]{4}(?:[ -][0-9A-Z]{4}){4}[ -][0-9A-Z]{3}",
     .validate = valid_france_bban},
    {.identifier = "GERMANY_BANK_ACCOUNT_NUMBER",
     .regex = "[0-9]{8}[ -]?[0-9]{10}|[0-9]{4}(?:[ -][0-9]{4}){3}[ -][0-9]{2}",
     .validate = valid_germany_bban},
    {.identifier = "ITALY_BANK_ACCOUNT_NUMBER",
     .regex = "[A-Z][ -]?[0-9]{5}[ -]?[0-9]{5}[ -]?[0-9A-Z]{12}|"
              "[A-Z][0-9]{3}(?:[ -][0-9A-Z]{4}){4}[ -][0-9A-Z]{3}",
     .validate = valid_italy_bban},
    {.identifier = "SPAIN_BANK_ACCOUNT_NUMBER",
     .regex = "[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{2}[ -]?[0-9]{10}|[0-9]{4}(?:[ -][0-9]{4}){4}",
     .validate = valid_spain_bban},
    // Bank code + sort code + account, in groups of four, or the domestic "60-16-13 31926819".
    {.identifier = "UK_BANK_ACCOUNT_NUMBER",
     .regex = "[A-Z]{4}[ -]?[0-9]{6}[ -]?[0-9]{8}|[A-Z]{4}(?:[ -][0-9]{4}){3}[ -][0-9]{2}|"
              "[0-9]{2}-[0-9]{2}-[0-9]{2}[ -]?[0-9]{8}",
     .validate = valid_uk_bban},

    // Cards: the scanner reports a card near a keyword as CREDIT_CARD_NUMBER and one without as
    // CREDIT_CARD_NUMBER_(NO_KEYWORD), never both.
    {.identifier = "CREDIT_CARD_NUMBER",
     .regex = TRIPLINE_CARD_REGEX,
     .validate = valid_card_number},
    {.identifier = "CREDIT_CARD_NUMBER_(NO_KEYWORD)",
     .regex = TRIPLINE_CARD_REGEX,
     .validate = valid_card_number},

    // Expiration (keyword required): 02/26, 02/2026, 2026-02, Feb 2026, 26-Feb, and the keywords
    // used as separators ("expY=2026, expM=02").
    {.identifier = "CREDIT_CARD_EXPIRATION",
     .regex = "(?:0?[1-9]|1[0-2])[/-](?:(?:19|20)[0-9]{2}|[0-9]{2})|"
              "(?:19|20)[0-9]{2}[/-](?:0[1-9]|1[0-2])"},
    {.identifier = "CREDIT_CARD_EXPIRATION",
     .regex = TRIPLINE_MONTH "\\.?[ /-]?(?:(?:19|20)[0-9]{2}|[0-9]{2})|"
                             "[0-9]{2}[ /-]" TRIPLINE_MONTH,
     .validate = valid_card_expiration,
     .caseless = true},
    {.identifier = "CREDIT_CARD_EXPIRATION",
     .regex = "(?:19|20)?[0-9]{2} ?[,;&] ?exp[ _-]?m(?:onth)? ?[=:] ?(?:0?[1-9]|1[0-2])|"
              "(?:0?[1-9]|1[0-2]) ?[,;&] ?exp[ _-]?y(?:ear)? ?[=:] ?(?:19|20)?[0-9]{2}",
     .caseless = true},

    // CVV/CVC: 3 or 4 digits, only next to a keyword.
    {.identifier = "CREDIT_CARD_SECURITY_CODE", .regex = "[0-9]{3,4}"},

    // Track 1 (%B<pan>^NAME^YYMM<service code, discretionary>?) and track 2 (;<pan>=YYMM...?).
    {.identifier = "CREDIT_CARD_MAGNETIC_STRIPE",
     .regex = "%B[0-9]{13,19}\\^[A-Za-z0-9 /.'-]{2,26}\\^[0-9]{4}[^?\\r\\n^]{0,60}\\?|"
              ";[0-9]{13,19}=[0-9]{4}[0-9]{0,30}\\?",
     .validate = valid_magnetic_stripe},
};

#undef TRIPLINE_CARD_REGEX
#undef TRIPLINE_MONTH

}  // namespace

std::span<const Shape> financial_shapes() { return kFinancialShapes; }

}  // namespace tripline::scan
