// Event selectors: parsing and validation with AWS's rules (messages worded as CloudTrail's), and
// the API/document forms (the per-record matcher: event_selector_matching.cpp).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "trail/internal/selector_model.h"

namespace tripline::trail {

using namespace selector_model;
using nlohmann::json;

// ---- Parsing ---------------------------------------------------------------------------------

namespace {

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Error invalid_value(const json& v, std::string_view field) {
    return invalid("Value " + value_text(v) + " for " + std::string(field) + " is invalid.");
}

const json& empty_array() {
    static const json empty = json::array();
    return empty;
}

const json* member(const json& object, const char* name) {
    auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

bool valid_partition(std::string_view p) { return p == "aws" || p.starts_with("aws-"); }

bool all_of_chars(std::string_view s, std::string_view extra) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.find(c) != std::string_view::npos;
    });
}

bool is_account(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "arn:<partition>:<service>" alone is the "all resources" value; else the resource's ARN (S3:
// bucket + "/" + optional key prefix; Lambda: function ARN; DynamoDB: table ARN).
Result<bool> check_data_resource_value(const BasicTypeInfo& info, std::string_view v) {
    auto bad = [&] {
        return invalid("Value " + std::string(v) + " for DataResources.Values is invalid.");
    };
    if (!v.starts_with("arn:")) {
        return bad();
    }
    std::string_view rest = v.substr(4);
    std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
        return bad();
    }
    if (!valid_partition(rest.substr(0, colon))) {
        return bad();
    }
    rest.remove_prefix(colon + 1);
    if (rest == info.service) {
        return true;
    }
    if (!rest.starts_with(info.service) || rest.substr(info.service.size(), 1) != ":") {
        return bad();
    }
    rest.remove_prefix(info.service.size() + 1);
    if (info.type == BasicType::kS3Object) {
        // "::bucket/prefix"
        std::size_t slash = rest.find('/');
        if (!rest.starts_with("::") || slash == std::string_view::npos ||
            !all_of_chars(rest.substr(2, slash - 2), ".-_")) {
            return bad();
        }
        return false;
    }
    // "<region>:<account>:function:<name>[:qualifier]" / "<region>:<account>:table/<name>"
    std::size_t c1 = rest.find(':');
    std::size_t c2 = c1 == std::string_view::npos ? c1 : rest.find(':', c1 + 1);
    if (c2 == std::string_view::npos || !all_of_chars(rest.substr(0, c1), "-") ||
        !is_account(rest.substr(c1 + 1, c2 - c1 - 1))) {
        return bad();
    }
    std::string_view resource = rest.substr(c2 + 1);
    if (info.type == BasicType::kLambdaFunction) {
        if (!resource.starts_with("function:")) {
            return bad();
        }
        resource.remove_prefix(9);
        std::size_t q = resource.find(':');
        if (!all_of_chars(resource.substr(0, q), "-_") ||
            (q != std::string_view::npos && !all_of_chars(resource.substr(q + 1), "-_$"))) {
            return bad();
        }
        return false;
    }
    if (!resource.starts_with("table/") || !all_of_chars(resource.substr(6), "-_.")) {
        return bad();
    }
    return false;
}

Result<BasicSelector> parse_basic_selector(const json& j, std::size_t& total_values) {
    if (!j.is_object()) {
        return invalid_value(j, "EventSelectors");
    }
    BasicSelector sel;
    if (const json* rw = member(j, "ReadWriteType")) {
        if (*rw == "All") {
            sel.read_write = ReadWrite::kAll;
        } else if (*rw == "ReadOnly") {
            sel.read_write = ReadWrite::kReadOnly;
        } else if (*rw == "WriteOnly") {
            sel.read_write = ReadWrite::kWriteOnly;
        } else {
            return invalid_value(*rw, "ReadWriteType");
        }
    }
    if (const json* im = member(j, "IncludeManagementEvents")) {
        if (!im->is_boolean()) {
            return invalid_value(*im, "IncludeManagementEvents");
        }
        sel.include_management = im->get<bool>();
    }
    if (const json* ex = member(j, "ExcludeManagementEventSources")) {
        if (!ex->is_array()) {
            return invalid_value(*ex, "ExcludeManagementEventSources");
        }
        for (const auto& s : *ex) {
            if (!s.is_string() || std::find(kExcludableSources.begin(),
                                            kExcludableSources.end(),
                                            s.get<std::string>()) == kExcludableSources.end()) {
                return invalid_value(s, "ExcludeManagementEventSources");
            }
            sel.exclude_sources.push_back(s.get<std::string>());
        }
    }
    const json* drs = member(j, "DataResources");
    if (drs && !drs->is_array()) {
        return invalid_value(*drs, "DataResources");
    }
    for (const auto& d : drs ? *drs : empty_array()) {
        const json* type = d.is_object() ? member(d, "Type") : nullptr;
        const BasicTypeInfo* info = nullptr;
        for (const auto& t : kBasicTypes) {
            if (type && *type == t.name) {
                info = &t;
            }
        }
        if (!info) {
            return invalid("Value " + (type ? value_text(*type) : std::string("null")) +
                           " for DataResources.Type is invalid. Valid values are: "
                           "AWS::DynamoDB::Table, AWS::Lambda::Function, AWS::S3::Object");
        }
        DataResource dr{info->type, std::string(info->name), {}, false};
        const json* values = member(d, "Values");
        if (values && !values->is_array()) {
            return invalid_value(*values, "DataResources.Values");
        }
        for (const auto& v : values ? *values : empty_array()) {
            if (!v.is_string()) {
                return invalid_value(v, "DataResources.Values");
            }
            TRIPLINE_ASSIGN_OR_RETURN(bool all,
                                      check_data_resource_value(*info, v.get<std::string>()));
            dr.all = dr.all || all;
            dr.values.push_back(v.get<std::string>());
            if (++total_values > kMaxDataResourceValues) {
                return invalid(
                    "Specify a valid number of DataResources.Values (0 to 250) for all your "
                    "selectors.");
            }
        }
        sel.data_resources.push_back(std::move(dr));
    }
    return sel;
}

struct FieldRule {
    std::string_view name;
    Field field;
    // Categories where a trail accepts the field.
    bool management, data, network;
    bool equals_only;
};
constexpr FieldRule kFieldRules[] = {
    {"eventCategory", Field::kEventCategory, true, true, true, true},
    {"readOnly", Field::kReadOnly, true, true, false, true},
    {"eventSource", Field::kEventSource, true, true, true, false},
    {"eventName", Field::kEventName, false, true, true, false},
    {"eventType", Field::kEventType, false, true, false, false},
    {"resources.type", Field::kResourcesType, false, true, false, true},
    {"resources.ARN", Field::kResourcesArn, false, true, false, false},
    {"userIdentity.arn", Field::kUserIdentityArn, false, true, true, false},
    {"sessionCredentialFromConsole",
     Field::kSessionCredentialFromConsole,
     false,
     true,
     false,
     false},
    {"errorCode", Field::kErrorCode, false, false, true, true},
    {"vpcEndpointId", Field::kVpcEndpointId, false, false, true, false},
};

std::string operator_list(const FieldCondition& c) {
    std::string out;
    for (std::size_t op = 0; op < kOperatorNames.size(); ++op) {
        if (!c.values[op].empty()) {
            out += out.empty() ? "" : ", ";
            out += kOperatorNames[op];
        }
    }
    return out;
}

Result<FieldCondition> parse_field_selector(const json& j,
                                            const std::string& path,
                                            std::size_t& total_values) {
    if (!j.is_object()) {
        return invalid(path + ": a field selector must be an object");
    }
    const json* field = member(j, "Field");
    if (!field || !field->is_string()) {
        return invalid(path + ": Field is required");
    }
    FieldCondition c;
    c.field_name = field->get<std::string>();
    const FieldRule* rule = nullptr;
    for (const auto& r : kFieldRules) {
        if (r.name == c.field_name) {
            rule = &r;
        }
    }
    if (!rule || c.field_name.size() > kMaxFieldLength) {
        return invalid(path + ": Value " + c.field_name +
                       " for Field is invalid. Valid values are: eventCategory, readOnly, "
                       "eventSource, eventName, eventType, resources.type, resources.ARN, "
                       "userIdentity.arn, sessionCredentialFromConsole, errorCode, vpcEndpointId");
    }
    c.field = rule->field;
    for (std::size_t op = 0; op < kOperatorNames.size(); ++op) {
        const json* list = member(j, std::string(kOperatorNames[op]).c_str());
        if (!list) {
            continue;
        }
        std::string where = path + "." + std::string(kOperatorNames[op]);
        if (!list->is_array() || list->empty()) {
            return invalid(where + ": specify a list of 1 or more values");
        }
        for (const auto& v : *list) {
            if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
                v.get_ref<const std::string&>().size() > kMaxOperatorValueLength) {
                return invalid(where + ": Value " + value_text(v) +
                               " is invalid; values are strings of 1 to 2048 characters");
            }
            c.values[op].push_back(v.get<std::string>());
            ++total_values;
        }
        c.has_positive = c.has_positive || op < kNotEquals;
    }
    if (operator_list(c).empty()) {
        return invalid(path + ": Field " + c.field_name +
                       " needs an operator: Equals, StartsWith, EndsWith, NotEquals, "
                       "NotStartsWith or NotEndsWith");
    }
    return c;
}

bool values_within(const std::vector<std::string>& values,
                   std::initializer_list<std::string_view> allowed) {
    return std::all_of(values.begin(), values.end(), [&](const std::string& v) {
        return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
    });
}

// The rules a trail applies to one field selector of a selector of `category`.
Status check_condition(const FieldCondition& c, Category category, const std::string& path) {
    const FieldRule& rule = *std::find_if(std::begin(kFieldRules),
                                          std::end(kFieldRules),
                                          [&](const auto& r) { return r.field == c.field; });
    bool allowed = category == Category::kManagement ? rule.management
                   : category == Category::kData     ? rule.data
                                                     : rule.network;
    if (!allowed) {
        return invalid(path + ": Field " + c.field_name + " is not supported for " +
                       std::string(category_name(category)) + " events on a trail");
    }
    std::string ops = operator_list(c);
    if (rule.equals_only && ops != "Equals") {
        return invalid(path + ": Field " + c.field_name + " supports only the Equals operator");
    }
    const auto& equals = c.values[kEquals];
    auto bad_values = [&](std::string_view valid) {
        return invalid(path + ": Field " + c.field_name + " has an invalid value; " +
                       std::string(valid));
    };
    switch (c.field) {
        case Field::kEventCategory:
            // Checked by the caller, which needs its value first.
            break;
        case Field::kReadOnly:
            if (!values_within(equals, {"true", "false"})) {
                return bad_values("valid values are: true, false");
            }
            break;
        case Field::kSessionCredentialFromConsole:
            if (ops != "Equals" && ops != "NotEquals" && ops != "Equals, NotEquals") {
                return invalid(path + ": Field " + c.field_name +
                               " supports only the Equals and NotEquals operators");
            }
            if (!values_within(equals, {"true", "false"}) ||
                !values_within(c.values[kNotEquals], {"true", "false"})) {
                return bad_values("valid values are: true, false");
            }
            break;
        case Field::kEventType:
            if (ops != "Equals" && ops != "NotEquals" && ops != "Equals, NotEquals") {
                return invalid(path + ": Field " + c.field_name +
                               " supports only the Equals and NotEquals operators");
            }
            break;
        case Field::kResourcesType:
            if (equals.size() != 1) {
                return invalid(path + ": Field resources.type takes exactly one value");
            }
            if (std::find(std::begin(kDataResourceTypes),
                          std::end(kDataResourceTypes),
                          equals[0]) == std::end(kDataResourceTypes)) {
                return invalid(path + ": Value " + equals[0] +
                               " for resources.type is invalid. Specify a supported data resource "
                               "type, such as AWS::S3::Object");
            }
            break;
        case Field::kEventSource:
            if (category == Category::kManagement &&
                (ops != "NotEquals" ||
                 !values_within(c.values[kNotEquals],
                                {"kms.amazonaws.com", "rdsdata.amazonaws.com"}))) {
                return invalid(path +
                               ": for management events, eventSource supports only NotEquals "
                               "with kms.amazonaws.com or rdsdata.amazonaws.com");
            }
            if (category == Category::kNetworkActivity &&
                (ops != "Equals" || equals.size() != 1 || !equals[0].ends_with(".amazonaws.com"))) {
                return invalid(path +
                               ": for network activity events, eventSource supports only Equals "
                               "with one event source, such as ec2.amazonaws.com");
            }
            break;
        case Field::kErrorCode:
            if (!values_within(equals, {"VpceAccessDenied"})) {
                return bad_values("the only valid value is VpceAccessDenied");
            }
            break;
        default:
            break;
    }
    return ok_status();
}

Result<AdvancedSelector> parse_advanced_selector(const json& j,
                                                 const std::string& path,
                                                 std::size_t& total_values) {
    if (!j.is_object()) {
        return invalid(path + ": an advanced event selector must be an object");
    }
    AdvancedSelector sel;
    if (const json* name = member(j, "Name")) {
        if (!name->is_string() || name->get_ref<const std::string&>().size() > kMaxNameLength) {
            return invalid(path + ": Name must be a string of at most 1000 characters");
        }
        sel.name = name->get<std::string>();
    }
    const json* fields = member(j, "FieldSelectors");
    if (!fields || !fields->is_array() || fields->empty()) {
        return invalid(path + ": FieldSelectors must list 1 or more field selectors");
    }
    const FieldCondition* category = nullptr;
    std::size_t category_index = 0;
    for (std::size_t i = 0; i < fields->size(); ++i) {
        std::string where = path + ".FieldSelectors[" + std::to_string(i) + "]";
        TRIPLINE_ASSIGN_OR_RETURN(auto c, parse_field_selector((*fields)[i], where, total_values));
        sel.conditions.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < sel.conditions.size(); ++i) {
        const auto& c = sel.conditions[i];
        std::string where = path + ".FieldSelectors[" + std::to_string(i) + "]";
        if (c.field == Field::kEventCategory) {
            if (category) {
                return invalid(where + ": eventCategory can be specified only once per selector");
            }
            category = &c;
            category_index = i;
        }
        if (c.field == Field::kResourcesType) {
            if (!sel.resource_type.empty()) {
                return invalid(where + ": resources.type can be specified only once per selector");
            }
            sel.resource_type = c.values[kEquals].empty() ? "-" : c.values[kEquals][0];
        }
    }
    if (!category) {
        return invalid(path +
                       ": the eventCategory field is required (Equals Management, Data or "
                       "NetworkActivity)");
    }
    std::string category_path = path + ".FieldSelectors[" + std::to_string(category_index) + "]";
    const auto& cv = category->values[kEquals];
    if (operator_list(*category) != "Equals") {
        return invalid(category_path + ": Field eventCategory supports only the Equals operator");
    }
    if (cv.size() != 1 ||
        (cv[0] != "Management" && cv[0] != "Data" && cv[0] != "NetworkActivity")) {
        return invalid(category_path + ": Value " + cv[0] +
                       " for eventCategory is invalid. Valid values are: Management, Data, "
                       "NetworkActivity");
    }
    sel.category = cv[0] == "Management" ? Category::kManagement
                   : cv[0] == "Data"     ? Category::kData
                                         : Category::kNetworkActivity;
    bool has_event_source = false;
    for (std::size_t i = 0; i < sel.conditions.size(); ++i) {
        std::string where = path + ".FieldSelectors[" + std::to_string(i) + "]";
        TRIPLINE_TRY(check_condition(sel.conditions[i], sel.category, where));
        has_event_source = has_event_source || sel.conditions[i].field == Field::kEventSource;
    }
    if (sel.category == Category::kData && sel.resource_type.empty()) {
        return invalid(path + ": the resources.type field is required for data events");
    }
    if (sel.category == Category::kNetworkActivity && !has_event_source) {
        return invalid(path + ": the eventSource field is required for network activity events");
    }
    return sel;
}

json basic_to_json(const BasicSelector& sel) {
    json drs = json::array();
    for (const auto& dr : sel.data_resources) {
        drs.push_back({{"Type", dr.type_name}, {"Values", dr.values}});
    }
    std::string_view rw = sel.read_write == ReadWrite::kAll        ? "All"
                          : sel.read_write == ReadWrite::kReadOnly ? "ReadOnly"
                                                                   : "WriteOnly";
    return {{"ReadWriteType", rw},
            {"IncludeManagementEvents", sel.include_management},
            {"DataResources", std::move(drs)},
            {"ExcludeManagementEventSources", sel.exclude_sources}};
}

json advanced_to_json(const AdvancedSelector& sel) {
    json fields = json::array();
    for (const auto& c : sel.conditions) {
        json f = {{"Field", c.field_name}};
        for (std::size_t op = 0; op < kOperatorNames.size(); ++op) {
            if (!c.values[op].empty()) {
                f[std::string(kOperatorNames[op])] = c.values[op];
            }
        }
        fields.push_back(std::move(f));
    }
    json out = json::object();
    if (sel.name) {
        out["Name"] = *sel.name;
    }
    out["FieldSelectors"] = std::move(fields);
    return out;
}

}  // namespace

TrailSelectors::TrailSelectors() : compiled_(std::make_unique<Compiled>()) {}
TrailSelectors::~TrailSelectors() = default;
TrailSelectors::TrailSelectors(const TrailSelectors& other)
    : compiled_(std::make_unique<Compiled>(*other.compiled_)) {}
TrailSelectors& TrailSelectors::operator=(const TrailSelectors& other) {
    if (this != &other) {
        compiled_ = std::make_unique<Compiled>(*other.compiled_);
    }
    return *this;
}
// A moved-from TrailSelectors is left in the default form, never null.
TrailSelectors::TrailSelectors(TrailSelectors&& other) noexcept
    : compiled_(std::exchange(other.compiled_, std::make_unique<Compiled>())) {}
TrailSelectors& TrailSelectors::operator=(TrailSelectors&& other) noexcept {
    std::swap(compiled_, other.compiled_);
    return *this;
}

Result<TrailSelectors> TrailSelectors::from_event_selectors(const json& selectors) {
    if (!selectors.is_array() || selectors.empty() || selectors.size() > kMaxEventSelectors) {
        return invalid("Specify a valid number of event selectors (1 to 5) for a trail.");
    }
    TrailSelectors out;
    out.compiled_->form = Form::kBasic;
    std::size_t total_values = 0;
    for (const auto& j : selectors) {
        TRIPLINE_ASSIGN_OR_RETURN(auto sel, parse_basic_selector(j, total_values));
        out.compiled_->basic.push_back(std::move(sel));
    }
    return out;
}

Result<TrailSelectors> TrailSelectors::from_advanced_event_selectors(const json& selectors) {
    if (!selectors.is_array() || selectors.empty() || selectors.size() > kMaxAdvancedSelectors) {
        return invalid(
            "Specify a valid number of advanced event selectors (1 to 500) for a trail.");
    }
    TrailSelectors out;
    out.compiled_->form = Form::kAdvanced;
    std::size_t total_values = 0;
    for (std::size_t i = 0; i < selectors.size(); ++i) {
        std::string path = "AdvancedEventSelectors[" + std::to_string(i) + "]";
        TRIPLINE_ASSIGN_OR_RETURN(auto sel,
                                  parse_advanced_selector(selectors[i], path, total_values));
        out.compiled_->advanced.push_back(std::move(sel));
    }
    if (total_values > kMaxAdvancedValues) {
        return invalid("AdvancedEventSelectors: " + std::to_string(total_values) +
                       " values; specify up to 500 values for all conditions in all advanced "
                       "event selectors for a trail.");
    }
    return out;
}

Result<TrailSelectors> TrailSelectors::from_document(const json& document) {
    if (document.is_null() || (document.is_object() && document.empty())) {
        return TrailSelectors();
    }
    if (document.is_object() && document.contains("AdvancedEventSelectors")) {
        return from_advanced_event_selectors(document["AdvancedEventSelectors"]);
    }
    if (document.is_object() && document.contains("EventSelectors")) {
        return from_event_selectors(document["EventSelectors"]);
    }
    return invalid("stored event selectors must hold EventSelectors or AdvancedEventSelectors");
}

json TrailSelectors::to_api_json() const {
    if (compiled_->form == Form::kAdvanced) {
        json list = json::array();
        for (const auto& sel : compiled_->advanced) {
            list.push_back(advanced_to_json(sel));
        }
        return {{"AdvancedEventSelectors", std::move(list)}};
    }
    json list = json::array();
    if (compiled_->form == Form::kDefault) {
        list.push_back(basic_to_json(BasicSelector{}));
    }
    for (const auto& sel : compiled_->basic) {
        list.push_back(basic_to_json(sel));
    }
    return {{"EventSelectors", std::move(list)}};
}

json TrailSelectors::to_document() const {
    return compiled_->form == Form::kDefault ? json::object() : to_api_json();
}

bool TrailSelectors::is_advanced() const { return compiled_->form == Form::kAdvanced; }

bool TrailSelectors::has_custom_selectors() const { return compiled_->form != Form::kDefault; }

}  // namespace tripline::trail
