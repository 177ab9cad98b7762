#include "scan/managed_catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace tripline::scan {
namespace {

TEST(ManagedCatalogue, HasThe166IdentifiersByCategory) {
    const auto& catalogue = managed_catalogue();
    ASSERT_EQ(catalogue.size(), 166u);
    int credentials = 0;
    int financial = 0;
    int personal = 0;
    std::set<std::string> ids;
    for (const auto& id : catalogue) {
        ids.insert(id.id);
        credentials += id.category == Category::kCredentials;
        financial += id.category == Category::kFinancial;
        personal += id.category == Category::kPersonal;
    }
    EXPECT_EQ(ids.size(), 166u);
    EXPECT_EQ(credentials, 9);
    EXPECT_EQ(financial, 58);
    EXPECT_EQ(personal, 99);
}

TEST(ManagedCatalogue, KeywordRulesAndIbans) {
    int required = 0;
    int none = 0;
    int varies = 0;
    int ibans = 0;
    for (const auto& id : managed_catalogue()) {
        required += id.keyword_rule == KeywordRule::kRequired;
        none += id.keyword_rule == KeywordRule::kNone;
        varies += id.keyword_rule == KeywordRule::kVaries;
        if (!id.iban_country_code.empty()) {
            ++ibans;
            EXPECT_GE(id.iban_length, 15) << id.id;
            EXPECT_LE(id.iban_length, 34) << id.id;
        }
    }
    EXPECT_EQ(required, 96);
    EXPECT_EQ(none, 58);
    EXPECT_EQ(varies, 12);
    EXPECT_EQ(ibans, 52);
    const auto& uk = managed_catalogue()[*managed_index("UK_BANK_ACCOUNT_NUMBER")];
    EXPECT_EQ(uk.iban_country_code, "GB");
    EXPECT_EQ(uk.iban_length, 22);
    EXPECT_EQ(uk.keyword_rule, KeywordRule::kVaries);
}

TEST(ManagedCatalogue, IndexAndFields) {
    auto card = managed_index("CREDIT_CARD_NUMBER_(NO_KEYWORD)");
    ASSERT_TRUE(card);
    const auto& id = managed_catalogue()[*card];
    EXPECT_EQ(id.id, "CREDIT_CARD_NUMBER_(NO_KEYWORD)");
    EXPECT_EQ(id.category, Category::kFinancial);
    EXPECT_EQ(id.keyword_rule, KeywordRule::kNone);
    EXPECT_EQ(id.exclusions.size(), 55u);
    EXPECT_FALSE(managed_index("credit_card_number"));
    EXPECT_FALSE(managed_index(""));
    EXPECT_EQ(*managed_index("AWS_CREDENTIALS"), 0u);
    const auto& aws = managed_catalogue()[0];
    EXPECT_EQ(aws.keywords.size(), 5u);
    EXPECT_TRUE(aws.recommended);
}

TEST(ManagedCatalogue, SeverityByCount) {
    const auto& expiry = managed_catalogue()[*managed_index("CREDIT_CARD_EXPIRATION")];
    EXPECT_EQ(severity_for_count(expiry, 0), Severity::kLow);
    EXPECT_EQ(severity_for_count(expiry, 1), Severity::kLow);
    EXPECT_EQ(severity_for_count(expiry, 2), Severity::kMedium);
    EXPECT_EQ(severity_for_count(expiry, 99), Severity::kMedium);
    EXPECT_EQ(severity_for_count(expiry, 100), Severity::kHigh);
    const auto& vin = managed_catalogue()[*managed_index("VEHICLE_IDENTIFICATION_NUMBER")];
    EXPECT_EQ(severity_for_count(vin, 50), Severity::kLow);
    EXPECT_EQ(severity_for_count(vin, 1000), Severity::kMedium);
}

TEST(ManagedCatalogue, NamesOnTheWire) {
    EXPECT_EQ(severity_name(Severity::kLow), "Low");
    EXPECT_EQ(severity_name(Severity::kMedium), "Medium");
    EXPECT_EQ(severity_name(Severity::kHigh), "High");
    EXPECT_EQ(category_name(Category::kCredentials), "CREDENTIALS");
    EXPECT_EQ(category_name(Category::kFinancial), "FINANCIAL_INFORMATION");
    EXPECT_EQ(category_name(Category::kPersonal), "PERSONAL_INFORMATION");
    EXPECT_EQ(category_name(Category::kCustom), "CUSTOM_IDENTIFIER");
}

std::vector<std::string> ids_of(const std::vector<std::uint32_t>& indexes) {
    std::vector<std::string> out;
    for (auto i : indexes) {
        out.push_back(managed_catalogue()[i].id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(ManagedSelector, RecommendedIsTheDocumentedSetAndTheDefault) {
    std::vector<std::string> expected = {"AWS_CREDENTIALS",
                                         "HTTP_BASIC_AUTH_HEADER",
                                         "OPENSSH_PRIVATE_KEY",
                                         "PGP_PRIVATE_KEY",
                                         "PKCS",
                                         "PUTTY_PRIVATE_KEY",
                                         "CREDIT_CARD_MAGNETIC_STRIPE",
                                         "CREDIT_CARD_NUMBER",
                                         "CANADA_DRIVERS_LICENSE",
                                         "DRIVERS_LICENSE",
                                         "UK_DRIVERS_LICENSE",
                                         "UK_ELECTORAL_ROLL_NUMBER",
                                         "FRANCE_NATIONAL_IDENTIFICATION_NUMBER",
                                         "GERMANY_NATIONAL_IDENTIFICATION_NUMBER",
                                         "ITALY_NATIONAL_IDENTIFICATION_NUMBER",
                                         "SPAIN_DNI_NUMBER",
                                         "UK_NATIONAL_INSURANCE_NUMBER",
                                         "CANADA_PASSPORT_NUMBER",
                                         "FRANCE_PASSPORT_NUMBER",
                                         "GERMANY_PASSPORT_NUMBER",
                                         "ITALY_PASSPORT_NUMBER",
                                         "SPAIN_PASSPORT_NUMBER",
                                         "UK_PASSPORT_NUMBER",
                                         "USA_PASSPORT_NUMBER",
                                         "CANADA_SOCIAL_INSURANCE_NUMBER",
                                         "SPAIN_SOCIAL_SECURITY_NUMBER",
                                         "USA_SOCIAL_SECURITY_NUMBER",
                                         "AUSTRALIA_TAX_FILE_NUMBER",
                                         "BRAZIL_CPF_NUMBER",
                                         "FRANCE_TAX_IDENTIFICATION_NUMBER",
                                         "GERMANY_TAX_IDENTIFICATION_NUMBER",
                                         "SPAIN_NIE_NUMBER",
                                         "SPAIN_NIF_NUMBER",
                                         "SPAIN_TAX_IDENTIFICATION_NUMBER",
                                         "USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"};
    std::sort(expected.begin(), expected.end());
    auto recommended = select_managed("RECOMMENDED", {});
    ASSERT_TRUE(recommended);
    EXPECT_EQ(recommended->size(), 35u);
    EXPECT_EQ(ids_of(*recommended), expected);
    auto by_default = select_managed("", {});
    ASSERT_TRUE(by_default);
    EXPECT_EQ(*by_default, *recommended);
    EXPECT_TRUE(std::is_sorted(recommended->begin(), recommended->end()));
}

TEST(ManagedSelector, AllNoneIncludeExclude) {
    EXPECT_EQ(select_managed("ALL", {})->size(), 166u);
    EXPECT_TRUE(select_managed("NONE", {})->empty());
    auto include = select_managed("INCLUDE", {"PKCS", "AWS_CREDENTIALS", "PKCS"});
    ASSERT_TRUE(include);
    EXPECT_EQ(ids_of(*include), (std::vector<std::string>{"AWS_CREDENTIALS", "PKCS"}));
    EXPECT_LT((*include)[0], (*include)[1]);  // catalogue order
    auto exclude = select_managed("EXCLUDE", {"NAME", "ADDRESS"});
    ASSERT_TRUE(exclude);
    EXPECT_EQ(exclude->size(), 164u);
    EXPECT_EQ(std::count(exclude->begin(), exclude->end(), *managed_index("NAME")), 0);
}

TEST(ManagedSelector, Errors) {
    auto unknown_selector = select_managed("SOME", {});
    ASSERT_FALSE(unknown_selector);
    EXPECT_EQ(unknown_selector.error().code, Errc::kInvalidArgument);
    EXPECT_NE(unknown_selector.error().message.find("SOME"), std::string::npos);

    auto ids_with_all = select_managed("ALL", {"PKCS"});
    ASSERT_FALSE(ids_with_all);
    EXPECT_NE(ids_with_all.error().message.find("ALL"), std::string::npos);
    EXPECT_FALSE(select_managed("RECOMMENDED", {"PKCS"}));
    EXPECT_FALSE(select_managed("NONE", {"PKCS"}));
    EXPECT_FALSE(select_managed("", {"PKCS"}));

    auto include_nothing = select_managed("INCLUDE", {});
    ASSERT_FALSE(include_nothing);
    EXPECT_NE(include_nothing.error().message.find("INCLUDE"), std::string::npos);
    EXPECT_FALSE(select_managed("EXCLUDE", {}));

    auto unknown_id = select_managed("INCLUDE", {"PKCS", "SSN"});
    ASSERT_FALSE(unknown_id);
    EXPECT_EQ(unknown_id.error().code, Errc::kInvalidArgument);
    EXPECT_NE(unknown_id.error().message.find("'SSN'"), std::string::npos);
    EXPECT_FALSE(select_managed("include", {"PKCS"}));  // selectors are case-sensitive
}

}  // namespace
}  // namespace tripline::scan
