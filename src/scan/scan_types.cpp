#include "scan/scan_types.h"

namespace tripline::scan {

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::kLow:
            return "Low";
        case Severity::kMedium:
            return "Medium";
        case Severity::kHigh:
            return "High";
    }
    return "Medium";
}

std::string_view category_name(Category category) {
    switch (category) {
        case Category::kCredentials:
            return "CREDENTIALS";
        case Category::kFinancial:
            return "FINANCIAL_INFORMATION";
        case Category::kPersonal:
            return "PERSONAL_INFORMATION";
        case Category::kCustom:
            return "CUSTOM_IDENTIFIER";
    }
    return "PERSONAL_INFORMATION";
}

}  // namespace tripline::scan
