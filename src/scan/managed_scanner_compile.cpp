// ManagedScanner::compile: the selected identifiers' shapes split into the keyword-free (global)
// and keyword-needing (window) Vectorscan databases, each shape also compiled by RE2 for re-trying
// later starts, plus the keyword database, IBAN country map and exclusion sets.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

#include "scan/managed_catalogue.h"
#include "scan/managed_scanner_impl.h"
#include "scan/validators.h"

namespace tripline::scan {

using namespace managed_internal;

namespace {

std::atomic<std::uint64_t> next_generation{1};

std::string_view token_extra_for(std::string_view identifier) {
    // Characters that continue these tokens: a 41st base64 character means it is not a key.
    if (identifier == "AWS_CREDENTIALS") {
        return "/+";
    }
    if (identifier == "GCP_API_KEY" || identifier == "JSON_WEB_TOKEN") {
        return "_-";
    }
    if (identifier == "HTTP_BASIC_AUTH_HEADER") {
        return "+/=";
    }
    return {};
}

bool zero_excluded_identifier(std::string_view id) {
    // macie.md §4: all-zero DNI, RUN/RUT and taxpayer numbers are never reported.
    static constexpr std::string_view kIds[] = {
        "ARGENTINA_DNI_NUMBER",
        "SPAIN_DNI_NUMBER",
        "CHILE_RUT_NUMBER",
        "ARGENTINA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
        "ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER",
        "AUSTRALIA_TAX_FILE_NUMBER",
        "BRAZIL_CNPJ_NUMBER",
        "BRAZIL_CPF_NUMBER",
        "COLOMBIA_INDIVIDUAL_NIT_NUMBER",
        "COLOMBIA_ORGANIZATION_NIT_NUMBER",
        "FRANCE_TAX_IDENTIFICATION_NUMBER",
        "GERMANY_TAX_IDENTIFICATION_NUMBER",
        "INDIA_PERMANENT_ACCOUNT_NUMBER",
        "ITALY_NATIONAL_IDENTIFICATION_NUMBER",
        "MEXICO_INDIVIDUAL_RFC_NUMBER",
        "MEXICO_ORGANIZATION_RFC_NUMBER",
        "SPAIN_NIE_NUMBER",
        "SPAIN_NIF_NUMBER",
        "SPAIN_TAX_IDENTIFICATION_NUMBER",
        "UK_TAX_IDENTIFICATION_NUMBER",
        "USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    };
    return std::find(std::begin(kIds), std::end(kIds), id) != std::end(kIds);
}

Result<Database> compile_database(const std::vector<CompiledShape>& shapes,
                                  const std::vector<std::uint32_t>& members) {
    if (members.empty()) {
        return Database{};
    }
    std::vector<std::string> expressions;
    std::vector<const char*> pointers;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    expressions.reserve(members.size());
    for (std::uint32_t index : members) {
        expressions.emplace_back(shapes[index].shape->regex);
        flags.push_back(shapes[index].flags);
        ids.push_back(index);
    }
    for (const auto& e : expressions) {
        pointers.push_back(e.c_str());
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(pointers.data(),
                         flags.data(),
                         ids.data(),
                         static_cast<unsigned>(pointers.size()),
                         HS_MODE_BLOCK,
                         nullptr,
                         &db,
                         &error) != HS_SUCCESS) {
        std::string message = "managed shape database: ";
        if (error != nullptr && error->expression >= 0 &&
            static_cast<std::size_t>(error->expression) < members.size()) {
            message += std::string(shapes[members[error->expression]].shape->identifier) + ": ";
        }
        message += error != nullptr && error->message != nullptr ? error->message : "failed";
        hs_free_compile_error(error);
        return make_error(Errc::kInternal, std::move(message));
    }
    return Database(db);
}

}  // namespace

Result<ManagedScanner> ManagedScanner::compile(const std::vector<std::uint32_t>& selected) {
    const auto& catalogue = managed_catalogue();
    auto impl = std::make_unique<Impl>();
    if (catalogue.size() > impl->selected_set.size()) {
        return make_error(Errc::kInternal, "managed catalogue larger than IdentifierSet");
    }
    for (std::uint32_t index : selected) {
        if (index >= catalogue.size()) {
            return make_error(Errc::kInvalidArgument,
                              "managed identifier index out of range: " + std::to_string(index));
        }
        impl->selected_set.set(index);
    }
    for (std::uint32_t i = 0; i < catalogue.size(); ++i) {
        if (impl->selected_set[i]) {
            impl->selected.push_back(i);
        }
    }
    impl->generation = next_generation.fetch_add(1);
    impl->exclusions.resize(catalogue.size());

    const auto card = managed_index("CREDIT_CARD_NUMBER");
    const auto card_no_keyword = managed_index("CREDIT_CARD_NUMBER_(NO_KEYWORD)");
    if (!card || !card_no_keyword) {
        return make_error(Errc::kInternal, "catalogue lacks the card identifiers");
    }
    impl->card_with_keyword = *card;
    std::vector<KeywordMatcher::Entry> keyword_entries;
    for (std::uint32_t i : impl->selected) {
        const ManagedIdentifier& id = catalogue[i];
        if (!id.iban_country_code.empty()) {
            impl->iban_by_country.emplace(id.iban_country_code, i);
        }
        const bool is_card = i == *card || i == *card_no_keyword;
        for (const auto& text : id.exclusions) {
            impl->exclusions[i].insert(is_card ? digits_of(text) : text);
        }
        impl->digit_exclusions[i] = is_card;
        impl->zero_excluded[i] = zero_excluded_identifier(id.id);
        if (!id.keywords.empty()) {
            keyword_entries.push_back({i, id.keywords});
        }
    }
    if (impl->selected_set[*card_no_keyword] && !impl->selected_set[*card]) {
        // NO_KEYWORD must see CREDIT_CARD_NUMBER's keywords to know a card is not its own.
        keyword_entries.push_back({*card, catalogue[*card].keywords});
    }
    TRIPLINE_ASSIGN_OR_RETURN(impl->keywords, KeywordMatcher::compile(keyword_entries));

    std::vector<std::uint32_t> global_members;
    std::vector<std::uint32_t> window_members;
    for (auto group : {credential_shapes(), financial_shapes(), personal_shapes()}) {
        for (const Shape& shape : group) {
            CompiledShape compiled;
            compiled.shape = &shape;
            if (shape.identifier == kIbanShapeIdentifier) {
                if (impl->iban_by_country.empty()) {
                    continue;
                }
                compiled.identifier = kIbanIdentifier;
                compiled.need = KeywordNeed::kNone;
            } else {
                auto index = managed_index(shape.identifier);
                if (!index) {
                    return make_error(Errc::kInternal,
                                      "shape for an unknown managed identifier: " +
                                          std::string(shape.identifier));
                }
                if (!impl->selected_set[*index]) {
                    continue;
                }
                compiled.identifier = *index;
                switch (catalogue[*index].keyword_rule) {
                    case KeywordRule::kRequired:
                        compiled.need = KeywordNeed::kRequired;
                        break;
                    case KeywordRule::kNone:
                        compiled.need = KeywordNeed::kNone;
                        break;
                    case KeywordRule::kVaries:
                        compiled.need =
                            shape.keyword_optional ? KeywordNeed::kNone : KeywordNeed::kRequired;
                        break;
                }
                if (*index == *card_no_keyword) {
                    compiled.need = KeywordNeed::kAbsentCard;
                }
                compiled.card = *index == *card || *index == *card_no_keyword;
            }
            compiled.token_extra = token_extra_for(shape.identifier);
            compiled.flags = HS_FLAG_SOM_LEFTMOST | (shape.caseless ? HS_FLAG_CASELESS : 0u) |
                             (shape.multiline ? HS_FLAG_DOTALL : 0u);
            const std::string regex(shape.regex);
            hs_expr_info_t* info = nullptr;
            hs_compile_error_t* error = nullptr;
            if (hs_expression_info(regex.c_str(), compiled.flags, &info, &error) != HS_SUCCESS) {
                std::string message = "managed shape " + std::string(shape.identifier) + ": " +
                                      (error != nullptr ? error->message : "invalid");
                hs_free_compile_error(error);
                return make_error(Errc::kInternal, std::move(message));
            }
            compiled.max_width = info->max_width;
            const unsigned min_width = info->min_width;
            std::free(info);
            RE2::Options options;
            options.set_encoding(RE2::Options::EncodingLatin1);
            options.set_case_sensitive(!shape.caseless);
            options.set_dot_nl(shape.multiline);
            options.set_log_errors(false);
            compiled.re2 = std::make_unique<RE2>(regex, options);
            if (!compiled.re2->ok()) {
                return make_error(Errc::kInternal,
                                  "managed shape " + std::string(shape.identifier) +
                                      " (RE2): " + compiled.re2->error());
            }
            const auto index = static_cast<std::uint32_t>(impl->shapes.size());
            if (compiled.need == KeywordNeed::kRequired) {
                window_members.push_back(index);
                impl->window_identifiers.set(compiled.identifier);
                impl->window_width = std::max(impl->window_width,
                                              std::min(compiled.max_width, kMaxWindowShapeWidth));
                impl->window_min_width = std::min(impl->window_min_width, min_width);
            } else {
                global_members.push_back(index);
                impl->global_min_width = std::min(impl->global_min_width, min_width);
            }
            impl->shapes.push_back(std::move(compiled));
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(impl->global_db, compile_database(impl->shapes, global_members));
    TRIPLINE_ASSIGN_OR_RETURN(impl->window_db, compile_database(impl->shapes, window_members));
    return ManagedScanner(std::move(impl));
}

}  // namespace tripline::scan
