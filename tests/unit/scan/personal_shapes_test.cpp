// The PERSONAL_INFORMATION shapes and validators on their own (no scanner): check digits against
// published examples, and every shape regex compiled by RE2 and matched in full against samples.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <set>
#include <string>
#include <string_view>

#include "scan/managed_catalogue.h"
#include "scan/shape.h"
#include "scan/validators_personal.h"

namespace tripline::scan {
namespace {

using namespace personal;  // NOLINT(google-build-using-namespace)

TEST(PersonalValidators, HealthNumbers) {
    EXPECT_TRUE(dea_number("AB1234563"));
    EXPECT_FALSE(dea_number("AB1234564"));
    EXPECT_TRUE(hicn("123456789A"));
    EXPECT_TRUE(hicn("123-45-6789-B1"));
    EXPECT_FALSE(hicn("666456789A"));
    EXPECT_FALSE(hicn("123456789Z"));
    EXPECT_TRUE(canada_health_number("1234-567-897"));
    EXPECT_TRUE(canada_health_number("1234567897AB"));
    EXPECT_TRUE(canada_health_number("9876543218"));  // BC PHN
    EXPECT_TRUE(canada_health_number("ABCD 8512 3112"));
    EXPECT_FALSE(canada_health_number("1234567898"));
    EXPECT_FALSE(canada_health_number("ABCD 8513 3112"));
    EXPECT_TRUE(ehic_number("80276001234567890123"));
    EXPECT_FALSE(ehic_number("80999001234567890123"));
    EXPECT_FALSE(ehic_number("80246001234567890123"));  // Finnish: the Finnish identifier's
    EXPECT_TRUE(finland_ehic_number("80246001234567890123"));
    EXPECT_FALSE(finland_ehic_number("80276001234567890123"));
    EXPECT_TRUE(france_nir("1 85 05 78 006 084 91"));
    EXPECT_TRUE(france_nir("269029934173285"));
    EXPECT_TRUE(france_nir("2 85 02 2A 123 456 32"));
    EXPECT_FALSE(france_nir("1 85 05 78 006 084 92"));
    EXPECT_TRUE(nhs_number("943 476 5919"));
    EXPECT_FALSE(nhs_number("943 476 5918"));
    EXPECT_FALSE(nhs_number("0000000000"));
    EXPECT_TRUE(npi("1234567893"));
    EXPECT_FALSE(npi("1234567890"));
    EXPECT_TRUE(udi_gs1("(01)00884838016002(17)141120(10)7654321D"));
    EXPECT_TRUE(udi_gs1("0100884838016002"));
    EXPECT_FALSE(udi_gs1("(01)00884838016003"));
    EXPECT_TRUE(udi_hibcc("+A123BJC5D6E71G"));
    EXPECT_FALSE(udi_hibcc("+A123BJC5D6E71H"));
}

TEST(PersonalValidators, DatesAndPlaces) {
    for (const char* good : {"1985-03-15",
                             "03/15/1985",
                             "15/03/1985",
                             "15.03.1985",
                             "3/4/85",
                             "29/02/2000",
                             "29-02-00",
                             "15 March 1985",
                             "15-Mar-1985",
                             "15th Mar. 1985",
                             "March 15, 1985",
                             "Sept 1 1999",
                             "19850315",
                             "1985 03 15"}) {
        EXPECT_TRUE(date_of_birth(good)) << good;
    }
    for (const char* bad : {"1985-02-30",
                            "31/04/1985",
                            "29/02/1900",
                            "13/13/1985",
                            "0/12/1985",
                            "32 March 1985",
                            "February 30, 1985",
                            "18850315",
                            "1985-13-01",
                            "15 Marc 1985"}) {
        EXPECT_FALSE(date_of_birth(bad)) << bad;
    }
    EXPECT_TRUE(latitude_longitude("41.948614,-87.655311"));
    EXPECT_TRUE(latitude_longitude("-90.0, 180.0"));
    EXPECT_FALSE(latitude_longitude("90.5,10.0"));
    EXPECT_FALSE(latitude_longitude("45.0,180.1"));
    EXPECT_FALSE(latitude_longitude("45,10.0"));
    EXPECT_TRUE(brazil_cep("01310-100"));
    EXPECT_FALSE(brazil_cep("00123-456"));
}

TEST(PersonalValidators, NationalIdentifiers) {
    EXPECT_TRUE(chile_rut("12.345.678-5"));
    EXPECT_TRUE(chile_rut("7654321-6"));
    EXPECT_FALSE(chile_rut("12.345.678-K"));
    EXPECT_FALSE(chile_rut("00.000.000-0"));
    EXPECT_TRUE(germany_id_card("T22000129"));
    EXPECT_TRUE(germany_id_card("T220001293"));
    EXPECT_FALSE(germany_id_card("T220001294"));
    EXPECT_FALSE(germany_id_card("TVWXYZCFG"));
    EXPECT_TRUE(germany_passport("C01X00T478"));
    EXPECT_TRUE(aadhaar("2341 2341 2346"));
    EXPECT_FALSE(aadhaar("2341 2341 2347"));
    EXPECT_TRUE(italy_fiscal_code("RCCMNL83S18D969H"));
    EXPECT_TRUE(italy_fiscal_code("MRTMTT25D09F205Z"));
    EXPECT_TRUE(italy_fiscal_code("rccmnl83s18d969h"));
    EXPECT_FALSE(italy_fiscal_code("RCCMNL83S18D969A"));
    EXPECT_FALSE(italy_fiscal_code("RCCMNL83S38D969H"));  // day 38
    EXPECT_TRUE(italy_fiscal_code("00743110157"));        // partita IVA
    EXPECT_FALSE(italy_fiscal_code("00743110158"));
    EXPECT_TRUE(mexico_curp("BOXW310820HNERXN09"));
    EXPECT_FALSE(mexico_curp("BOXW310820HNERXN08"));
    EXPECT_FALSE(mexico_curp("BOXW310230HNERXN09"));
    EXPECT_TRUE(spain_dni("12345678Z"));
    EXPECT_TRUE(spain_dni("12.345.678-z"));
    EXPECT_FALSE(spain_dni("12345678A"));
    EXPECT_FALSE(spain_dni("00000000T"));
    EXPECT_TRUE(spain_nie("X1234567L"));
    EXPECT_FALSE(spain_nie("X1234567A"));
    EXPECT_TRUE(spain_nif("K1234567L"));
    EXPECT_TRUE(spain_nif("12345678Z"));
    EXPECT_FALSE(spain_nif("K1234567A"));
    EXPECT_TRUE(spain_cif("A58818501"));
    EXPECT_TRUE(spain_cif("B12345674"));
    EXPECT_TRUE(spain_cif("B1234567D"));
    EXPECT_FALSE(spain_cif("B12345675"));
    EXPECT_TRUE(spain_social_security("28/12345678/40"));
    EXPECT_TRUE(spain_social_security("08 01234567 74"));
    EXPECT_FALSE(spain_social_security("28/12345678/41"));
    EXPECT_TRUE(uk_nino("AB123456C"));
    EXPECT_FALSE(uk_nino("BG123456C"));
    EXPECT_FALSE(uk_nino("DA123456C"));
    EXPECT_FALSE(uk_nino("AO123456C"));
    EXPECT_TRUE(canada_sin("130 692 544"));
    EXPECT_FALSE(canada_sin("130 692 545"));
    EXPECT_FALSE(canada_sin("046 454 286"));  // Luhn-valid, but no province issues 0
}

TEST(PersonalValidators, SocialSecurityAndTax) {
    EXPECT_TRUE(us_ssn("123-45-6789"));
    for (const char* bad : {"666-12-3456",
                            "000-12-3456",
                            "900-12-3456",
                            "123-00-4567",
                            "123-45-0000",
                            "078-05-1120"}) {
        EXPECT_FALSE(us_ssn(bad)) << bad;
    }
    EXPECT_TRUE(us_itin("912-70-1234"));
    EXPECT_TRUE(us_itin("912-55-1234"));
    EXPECT_FALSE(us_itin("912-89-1234"));
    EXPECT_FALSE(us_itin("912-93-1234"));
    EXPECT_FALSE(us_itin("912-66-1234"));
    EXPECT_FALSE(us_itin("812-70-1234"));
    EXPECT_TRUE(argentina_cuit_individual("20-12345678-6"));
    EXPECT_FALSE(argentina_cuit_individual("20-12345678-5"));
    EXPECT_FALSE(argentina_cuit_individual("30-71234567-1"));
    EXPECT_TRUE(argentina_cuit_organization("30-71234567-1"));
    EXPECT_TRUE(australia_tfn("123 456 782"));
    EXPECT_FALSE(australia_tfn("123 456 783"));
    EXPECT_TRUE(brazil_cpf("111.444.777-35"));
    EXPECT_FALSE(brazil_cpf("111.444.777-36"));
    EXPECT_FALSE(brazil_cpf("111.111.111-11"));
    EXPECT_TRUE(brazil_cnpj("11.222.333/0001-81"));
    EXPECT_FALSE(brazil_cnpj("11.222.333/0001-82"));
    EXPECT_TRUE(colombia_nit_individual("12.345.678-8"));
    EXPECT_FALSE(colombia_nit_individual("900.123.456-8"));
    EXPECT_TRUE(colombia_nit_organization("900.123.456-8"));
    EXPECT_TRUE(colombia_nit_organization("8600012341"));
    EXPECT_FALSE(colombia_nit_organization("900.123.456-7"));
    EXPECT_TRUE(france_spi("30 23 217 600 053"));
    EXPECT_FALSE(france_spi("30 23 217 600 054"));
    EXPECT_FALSE(france_spi("4023217600053"));
    EXPECT_TRUE(germany_steuer_id("36574261809"));
    EXPECT_TRUE(germany_steuer_id("86 095 742 719"));
    EXPECT_FALSE(germany_steuer_id("36574261808"));
    EXPECT_FALSE(germany_steuer_id("12345678903"));  // no repeated digit
    EXPECT_TRUE(germany_steuernummer("181/815/08155"));
    EXPECT_TRUE(mexico_rfc("GODE561231GR8"));
    EXPECT_TRUE(mexico_rfc("ABC680524P76"));
    EXPECT_FALSE(mexico_rfc("GODE561331GR8"));
    EXPECT_TRUE(uk_utr("2234567890"));
    EXPECT_TRUE(uk_utr("22345 67890K"));
    EXPECT_FALSE(uk_utr("1234567890"));
    EXPECT_TRUE(vin("1HGCM82633A004352"));
    EXPECT_FALSE(vin("11111111111111111"));
    EXPECT_TRUE(luhn("6061 1234 1234 1235"));
    EXPECT_FALSE(luhn("6061 1234 1234 1234"));
}

TEST(PersonalValidators, LicencesAndPhones) {
    EXPECT_TRUE(finland_hetu("131052-308T"));
    EXPECT_FALSE(finland_hetu("131052-308U"));
    EXPECT_FALSE(finland_hetu("310252-308T"));
    EXPECT_TRUE(sweden_personnummer("811228-9874"));
    EXPECT_TRUE(sweden_personnummer("19811228-9874"));
    EXPECT_FALSE(sweden_personnummer("811228-9873"));
    EXPECT_TRUE(india_driving_licence("MH14 20110062821"));
    EXPECT_FALSE(india_driving_licence("ZZ14 20110062821"));
    EXPECT_TRUE(uk_driving_licence("MORGA753116SM9IJ"));
    EXPECT_FALSE(uk_driving_licence("MORGA713116SM9IJ"));
    EXPECT_TRUE(uk_phone("+44 20 7946 0958"));
    EXPECT_TRUE(uk_phone("+44 (0)20 7946 0958"));
    EXPECT_TRUE(uk_phone("020 7946 0958"));
    EXPECT_FALSE(uk_phone("020 7946 09"));
    EXPECT_TRUE(germany_phone("+49 30 12345678"));
    EXPECT_TRUE(germany_phone("030 12345678"));
    EXPECT_FALSE(germany_phone("+49 30 123"));
    EXPECT_TRUE(italy_phone("+39 06 1234 5678"));
    EXPECT_TRUE(brazil_phone("+55 11 91234-5678"));
    EXPECT_TRUE(brazil_phone("(11) 3456-7890"));
    EXPECT_FALSE(brazil_phone("(11) 1234-5678"));
    EXPECT_FALSE(brazil_phone("(10) 91234-5678"));
}

// A sample is matched in full by one of its identifier's shapes and passes that shape's validator.
bool shape_accepts(std::string_view id, std::string_view text) {
    for (const Shape& shape : personal_shapes()) {
        if (shape.identifier != id) {
            continue;
        }
        RE2::Options options;
        options.set_case_sensitive(!shape.caseless);
        RE2 re(std::string(shape.regex), options);
        if (RE2::FullMatch(std::string(text), re) &&
            (shape.validate == nullptr || shape.validate(text))) {
            return true;
        }
    }
    return false;
}

TEST(PersonalShapes, EveryPersonalIdentifierButNameAndAddressHasAShape) {
    std::set<std::string_view> with_shape;
    for (const Shape& shape : personal_shapes()) {
        auto index = managed_index(shape.identifier);
        ASSERT_TRUE(index) << shape.identifier;
        EXPECT_EQ(managed_catalogue()[*index].category, Category::kPersonal) << shape.identifier;
        with_shape.insert(shape.identifier);
        RE2::Options options;
        options.set_case_sensitive(!shape.caseless);
        RE2 re(std::string(shape.regex), options);
        EXPECT_TRUE(re.ok()) << shape.identifier << ": " << re.error();
        EXPECT_EQ(re.NumberOfCapturingGroups(), 0) << shape.identifier;
        if (shape.keyword_optional) {
            EXPECT_EQ(managed_catalogue()[*index].keyword_rule, KeywordRule::kVaries);
        }
    }
    int personal = 0;
    for (const ManagedIdentifier& id : managed_catalogue()) {
        if (id.category != Category::kPersonal) {
            continue;
        }
        ++personal;
        bool skipped = id.id == "NAME" || id.id == "ADDRESS";
        EXPECT_EQ(with_shape.count(id.id) == 0, skipped) << id.id;
    }
    EXPECT_EQ(personal, 99);
}

TEST(PersonalShapes, SamplesMatchInFull) {
    struct Sample {
        std::string_view id;
        std::string_view text;
        bool accepted;
    };
    const Sample samples[] = {
        {"USA_SOCIAL_SECURITY_NUMBER", "123-45-6789", true},
        {"USA_SOCIAL_SECURITY_NUMBER", "123 45 6789", true},
        {"USA_SOCIAL_SECURITY_NUMBER", "123456789", true},
        {"USA_SOCIAL_SECURITY_NUMBER", "123-456789", false},
        {"USA_SOCIAL_SECURITY_NUMBER", "666-45-6789", false},
        {"USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "912-70-1234", true},
        {"USA_MEDICARE_BENEFICIARY_IDENTIFIER", "1EG4-TE5-MK73", true},
        {"USA_MEDICARE_BENEFICIARY_IDENTIFIER", "1EG4TE5MK73", true},
        {"USA_MEDICARE_BENEFICIARY_IDENTIFIER", "1SG4-TE5-MK73", false},
        {"USA_HEALTHCARE_PROCEDURE_CODE", "J1100", true},
        {"USA_HEALTHCARE_PROCEDURE_CODE", "99213", true},
        {"USA_NATIONAL_DRUG_CODE", "0777-3105-02", true},
        {"USA_NATIONAL_DRUG_CODE", "12345-678-90", true},
        {"MEDICAL_DEVICE_UDI", "(01)00884838016002(17)141120(10)7654321D", true},
        {"MEDICAL_DEVICE_UDI", "+A123BJC5D6E71G", true},
        {"MEDICAL_DEVICE_UDI", "=<E0713V00", true},
        {"UK_NHS_NUMBER", "943-476-5919", true},
        {"UK_NHS_NUMBER", "943 476-5919", false},
        {"FRANCE_HEALTH_INSURANCE_NUMBER", "1 85 05 78 006 084 91", true},
        {"DATE_OF_BIRTH", "15-Mar-1985", true},
        {"DATE_OF_BIRTH", "March 15, 1985", true},
        {"DATE_OF_BIRTH", "1985-03-15", true},
        {"DATE_OF_BIRTH", "1985/03-15", false},
        {"DATE_OF_BIRTH", "1985-02-30", false},
        {"LATITUDE_LONGITUDE", "41.948614,-87.655311", true},
        {"LATITUDE_LONGITUDE", "41,-87", false},
        {"HTTP_COOKIE", "Cookie: session=3948; lang=en", true},
        {"HTTP_COOKIE", "set-cookie: id=TWlrZQ; Path=/; HttpOnly", true},
        {"HTTP_COOKIE", "Set-Cookie: id=a; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure", true},
        {"HTTP_COOKIE", "Cookie: session", false},
        {"VEHICLE_IDENTIFICATION_NUMBER", "1HGCM82633A004352", true},
        {"VEHICLE_IDENTIFICATION_NUMBER", "1HGCM82633A0O4352", false},
        {"UK_DRIVERS_LICENSE", "MORGA753116SM9IJ", true},
        {"SPAIN_DRIVERS_LICENSE", "X1234567L", true},
        {"POLAND_DRIVERS_LICENSE", "12345/67/1234", true},
        {"UK_NATIONAL_INSURANCE_NUMBER", "AB 12 34 56 C", true},
        {"UK_NATIONAL_INSURANCE_NUMBER", "JG103759A", true},
        {"UK_NATIONAL_INSURANCE_NUMBER", "QQ123456C", false},  // Q never leads
        {"MEXICO_INDIVIDUAL_RFC_NUMBER", "GODE561231GR8", true},
        {"MEXICO_ORGANIZATION_RFC_NUMBER", "ABC680524P76", true},
        {"MEXICO_ORGANIZATION_RFC_NUMBER",
         "\xC3\x91"
         "AB680524P76",
         true},
        {"PHONE_NUMBER", "+1 (212) 555-0123", true},
        {"PHONE_NUMBER", "(212) 555-0123", true},
        {"PHONE_NUMBER", "(212) 155-0123", false},
        {"UK_PHONE_NUMBER", "+44 20 7946 0958", true},
        {"FRANCE_PHONE_NUMBER", "+33 1 23 45 67 89", true},
        {"FRANCE_PHONE_NUMBER", "01.23.45.67.89", true},
        {"GERMANY_PHONE_NUMBER", "+49 30 12345678", true},
        {"GERMANY_PHONE_NUMBER", "030/12345678", true},
        {"ITALY_PHONE_NUMBER", "+39 333 123 4567", true},
        {"SPAIN_PHONE_NUMBER", "+34 912 345 678", true},
        {"SPAIN_PHONE_NUMBER", "612 34 56 78", true},
        {"BRAZIL_PHONE_NUMBER", "+55 (11) 91234-5678", true},
        {"BRAZIL_CEP_CODE", "01310-100", true},
        {"BRAZIL_CPF_NUMBER", "111.444.777-35", true},
        {"BRAZIL_CNPJ_NUMBER", "11.222.333/0001-81", true},
        {"CHILE_RUT_NUMBER", "12.345.678-5", true},
        {"GERMANY_TAX_IDENTIFICATION_NUMBER", "36 574 261 809", true},
        {"FRANCE_TAX_IDENTIFICATION_NUMBER", "30 23 217 600 053", true},
        {"ITALY_NATIONAL_IDENTIFICATION_NUMBER", "RCCMNL83S18D969H", true},
        {"INDIA_AADHAAR_NUMBER", "2341 2341 2346", true},
        {"ARGENTINA_TARJETA_SUBE", "6061-1234-1234-1235", true},
        {"ARGENTINA_TARJETA_SUBE", "6061-1234 1234-1235", false},
    };
    for (const Sample& s : samples) {
        EXPECT_EQ(shape_accepts(s.id, s.text), s.accepted) << s.id << " '" << s.text << "'";
    }
}

}  // namespace
}  // namespace tripline::scan
