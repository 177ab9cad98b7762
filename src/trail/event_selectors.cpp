// Event selectors: parsing with AWS's rules, and the per-record selects() hot path.
//
// Choices where AWS says nothing precise (see also cloudtrail.md §8):
// - A record's category comes from eventCategory when present (Management / Data /
//   NetworkActivity; Insight and unknown categories are never selected); without it,
//   managementEvent false means a data event, anything else a management event; an
//   AwsCloudTrailInsight record is never selected.
// - readOnly: ReadOnly / WriteOnly (and advanced readOnly Equals) need the record to carry readOnly
//   true / false; a record without readOnly is logged only by selectors that accept both (All, or
//   no readOnly condition).
// - Resources: a data resource or resources.ARN condition is checked against each resource of the
//   selected type (any one matching is enough). Its ARN is "ARN", or "ARNPrefix" (S3 ListObjects
//   records carry {"ARNPrefix":"arn:aws:s3:::bucket/"}). An S3 record without any AWS::S3::Object
//   resource that has one of them gets one built from requestParameters' bucketName and key
//   ("arn:aws:s3:::<bucketName>/<key>", partition aws), found by a plain scan of the minified text
//   (a value holding a JSON escape is not used). No other service gets such a fallback.
// - The "all resources" values (arn:aws:s3, arn:aws:lambda, arn:aws:dynamodb) match every data
//   event that has a resource of that type or comes from that service's event source.
// - An absent field fails positive operators and passes negations; sessionCredentialFromConsole
//   absent counts as "false".
#include "trail/event_selectors.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::trail {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEventSelectors = 5;
constexpr std::size_t kMaxDataResourceValues = 250;
constexpr std::size_t kMaxAdvancedSelectors = 500;
constexpr std::size_t kMaxAdvancedValues = 500;
constexpr std::size_t kMaxFieldLength = 1000;
constexpr std::size_t kMaxNameLength = 1000;
constexpr std::size_t kMaxOperatorValueLength = 2048;

enum class Category { kNone, kManagement, kData, kNetworkActivity };
enum class ReadWrite { kAll, kReadOnly, kWriteOnly };
enum class BasicType { kS3Object, kLambdaFunction, kDynamoDbTable };
enum class Field {
    kEventCategory,
    kReadOnly,
    kEventSource,
    kEventName,
    kEventType,
    kResourcesType,
    kResourcesArn,
    kUserIdentityArn,
    kSessionCredentialFromConsole,
    kErrorCode,
    kVpcEndpointId,
};

// The operators in the order GetEventSelectors writes them; the first three include, the others
// exclude.
constexpr std::array<std::string_view, 6> kOperatorNames = {
    "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"};
constexpr std::size_t kEquals = 0;
constexpr std::size_t kNotEquals = 3;

constexpr std::array<std::string_view, 2> kExcludableSources = {"kms.amazonaws.com",
                                                                "rdsdata.amazonaws.com"};

// resources.type values accepted by advanced selectors (data event resource types).
// clang-format off
constexpr std::string_view kDataResourceTypes[] = {
    "AWS::AppConfig::Configuration", "AWS::B2BI::Transformer", "AWS::Bedrock::AgentAlias",
    "AWS::Bedrock::FlowAlias", "AWS::Bedrock::Guardrail", "AWS::Bedrock::KnowledgeBase",
    "AWS::Bedrock::Model", "AWS::Cassandra::Table", "AWS::CloudFront::KeyValueStore",
    "AWS::CloudTrail::Channel", "AWS::CodeWhisperer::Customization", "AWS::CodeWhisperer::Profile",
    "AWS::Cognito::IdentityPool", "AWS::DataExchange::Asset", "AWS::Deadline::Fleet",
    "AWS::Deadline::Job", "AWS::Deadline::Queue", "AWS::Deadline::Worker", "AWS::DynamoDB::Stream",
    "AWS::DynamoDB::Table", "AWS::EC2::Snapshot", "AWS::EMRWAL::Workspace",
    "AWS::FinSpace::Environment", "AWS::Glue::Table", "AWS::GreengrassV2::ComponentVersion",
    "AWS::GreengrassV2::Deployment", "AWS::GuardDuty::Detector", "AWS::IoT::Certificate",
    "AWS::IoT::Thing", "AWS::IoTSiteWise::Asset", "AWS::IoTSiteWise::TimeSeries",
    "AWS::IoTTwinMaker::Entity", "AWS::IoTTwinMaker::Workspace",
    "AWS::KendraRanking::ExecutionPlan", "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer",
    "AWS::KinesisVideo::Stream", "AWS::Lambda::Function", "AWS::MachineLearning::MlModel",
    "AWS::ManagedBlockchain::Network", "AWS::ManagedBlockchain::Node",
    "AWS::MedicalImaging::Datastore", "AWS::NeptuneGraph::Graph",
    "AWS::PaymentCryptography::Alias", "AWS::PaymentCryptography::Key",
    "AWS::PCAConnectorAD::Connector", "AWS::PCAConnectorSCEP::Connector", "AWS::QApps::QApp",
    "AWS::QBusiness::Application", "AWS::QBusiness::DataSource", "AWS::QBusiness::Index",
    "AWS::QBusiness::WebExperience", "AWS::RDS::DBCluster", "AWS::S3::AccessPoint",
    "AWS::S3::Object", "AWS::S3Express::Object", "AWS::S3ObjectLambda::AccessPoint",
    "AWS::S3Outposts::Object", "AWS::SageMaker::Endpoint",
    "AWS::SageMaker::ExperimentTrialComponent", "AWS::SageMaker::FeatureGroup",
    "AWS::SecretsManager::Secret", "AWS::ServiceDiscovery::Namespace",
    "AWS::ServiceDiscovery::Service", "AWS::SNS::PlatformEndpoint", "AWS::SNS::Topic",
    "AWS::SQS::Queue", "AWS::SSM::ManagedNode", "AWS::SSMMessages::ControlChannel",
    "AWS::StepFunctions::Activity", "AWS::StepFunctions::StateMachine", "AWS::SWF::Domain",
    "AWS::ThinClient::Device", "AWS::ThinClient::Environment", "AWS::Timestream::Database",
    "AWS::Timestream::Table", "AWS::VerifiedPermissions::PolicyStore", "AWS::XRay::Trace",
};
// clang-format on

struct BasicTypeInfo {
    BasicType type;
    std::string_view name;
    std::string_view service;       // ARN service, also the "all" prefix's last part
    std::string_view event_source;  // data events of the "all" value come from here
};
constexpr BasicTypeInfo kBasicTypes[] = {
    {BasicType::kDynamoDbTable, "AWS::DynamoDB::Table", "dynamodb", "dynamodb.amazonaws.com"},
    {BasicType::kLambdaFunction, "AWS::Lambda::Function", "lambda", "lambda.amazonaws.com"},
    {BasicType::kS3Object, "AWS::S3::Object", "s3", "s3.amazonaws.com"},
};

// A string made of up to four pieces, so that an ARN built from a record's parts is compared
// without being concatenated (selects() must not allocate).
class Text {
public:
    Text() = default;
    explicit Text(std::string_view whole) { add(whole); }
    void add(std::string_view piece) { parts_[count_++] = piece; }
    std::size_t size() const {
        std::size_t n = 0;
        for (std::size_t i = 0; i < count_; ++i) {
            n += parts_[i].size();
        }
        return n;
    }
    bool equals(std::string_view v) const { return size() == v.size() && same_at(0, v); }
    bool starts_with(std::string_view v) const { return size() >= v.size() && same_at(0, v); }
    bool ends_with(std::string_view v) const {
        std::size_t n = size();
        return n >= v.size() && same_at(n - v.size(), v);
    }

private:
    // Whether the characters [offset, offset + v.size()) equal v (the range must fit).
    bool same_at(std::size_t offset, std::string_view v) const {
        std::size_t pos = 0;
        for (std::size_t i = 0; i < count_ && !v.empty(); ++i) {
            std::string_view part = parts_[i];
            if (offset >= pos + part.size()) {
                pos += part.size();
                continue;
            }
            std::size_t start = offset > pos ? offset - pos : 0;
            std::size_t n = std::min(part.size() - start, v.size());
            if (part.substr(start, n) != v.substr(0, n)) {
                return false;
            }
            v.remove_prefix(n);
            pos += part.size();
        }
        return v.empty();
    }
    std::array<std::string_view, 4> parts_{};
    std::size_t count_ = 0;
};

// A string member's value in minified JSON text, without unescaping: `"name":"value"`.
std::optional<std::string_view> scan_string_member(std::string_view raw, std::string_view name) {
    std::size_t at = 0;
    while ((at = raw.find(name, at)) != std::string_view::npos) {
        std::size_t after = at + name.size();
        bool quoted_key = at > 0 && raw[at - 1] == '"' && raw.substr(after, 3) == "\":\"";
        at = after;
        if (!quoted_key) {
            continue;
        }
        std::size_t begin = after + 3;
        std::size_t end = raw.find('"', begin);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view value = raw.substr(begin, end - begin);
        if (value.find('\\') != std::string_view::npos) {
            return std::nullopt;
        }
        return value;
    }
    return std::nullopt;
}

// The ARN of a resource: "ARN", else an unescaped "ARNPrefix" string member.
std::optional<std::string_view> resource_arn(const event::CloudTrailResource& resource) {
    if (resource.arn) {
        return std::string_view(*resource.arn);
    }
    for (const auto& member : resource.other_members) {
        std::string_view raw = member.value;
        if (member.name == "ARNPrefix" && raw.size() >= 2 && raw.front() == '"' &&
            raw.back() == '"' && raw.find('\\') == std::string_view::npos) {
            return raw.substr(1, raw.size() - 2);
        }
    }
    return std::nullopt;
}

// Calls visit(Text arn) for each resource of `type` that has an ARN, or, for S3 objects when
// there is none, for the one built from requestParameters (see the top of the file); stops and
// returns true when visit does.
template <typename Visit>
bool any_resource_of_type(const event::CloudTrailRecord& record,
                          std::string_view type,
                          const Visit& visit) {
    bool has_type = false;
    if (record.resources) {
        for (const auto& resource : *record.resources) {
            if (!resource.type || *resource.type != type) {
                continue;
            }
            auto arn = resource_arn(resource);
            if (!arn) {
                continue;
            }
            has_type = true;
            if (visit(Text(*arn))) {
                return true;
            }
        }
    }
    if (has_type || type != "AWS::S3::Object" || record.event_source != "s3.amazonaws.com" ||
        !record.request_parameters) {
        return false;
    }
    auto bucket = scan_string_member(*record.request_parameters, "bucketName");
    if (!bucket || bucket->empty()) {
        return false;
    }
    auto key = scan_string_member(*record.request_parameters, "key");
    Text arn;
    arn.add("arn:aws:s3:::");
    arn.add(*bucket);
    arn.add("/");
    arn.add(key.value_or(std::string_view{}));
    return visit(arn);
}

Category category_of(const event::CloudTrailRecord& record) {
    if (record.event_category) {
        const std::string& c = *record.event_category;
        if (c == "Management") {
            return Category::kManagement;
        }
        if (c == "Data") {
            return Category::kData;
        }
        if (c == "NetworkActivity") {
            return Category::kNetworkActivity;
        }
        return Category::kNone;
    }
    if (record.event_type == "AwsCloudTrailInsight") {
        return Category::kNone;
    }
    if (record.management_event == false) {
        return Category::kData;
    }
    return Category::kManagement;
}

std::string_view category_name(Category c) {
    switch (c) {
        case Category::kManagement:
            return "Management";
        case Category::kData:
            return "Data";
        case Category::kNetworkActivity:
            return "NetworkActivity";
        case Category::kNone:
            break;
    }
    return "";
}

// ---- Compiled forms --------------------------------------------------------------------------

struct DataResource {
    BasicType type;
    std::string type_name;
    std::vector<std::string> values;
    bool all = false;  // one of the values is the service-wide prefix (arn:aws:s3, ...)
};

struct BasicSelector {
    ReadWrite read_write = ReadWrite::kAll;
    bool include_management = true;
    std::vector<DataResource> data_resources;
    std::vector<std::string> exclude_sources;
};

struct FieldCondition {
    std::string field_name;
    Field field = Field::kEventName;
    std::array<std::vector<std::string>, 6> values;  // by operator, kOperatorNames order
    bool has_positive = false;

    // Whether a value (nullptr = the record lacks the field) passes this condition: one positive
    // operator value matches (when there are any) and no negative one does.
    bool passes(const Text* v) const {
        if (!v) {
            return !has_positive;
        }
        if (has_positive && !hits(*v, 0) && !hits(*v, 1) && !hits(*v, 2)) {
            return false;
        }
        return !hits(*v, 3) && !hits(*v, 4) && !hits(*v, 5);
    }

    // Whether one value of operator `op` (kOperatorNames order) matches: ops 0 and 3 compare the
    // whole value, 1 and 4 its start, 2 and 5 its end.
    bool hits(const Text& v, std::size_t op) const {
        for (const auto& s : values[op]) {
            if (op % 3 == 0 ? v.equals(s) : op % 3 == 1 ? v.starts_with(s) : v.ends_with(s)) {
                return true;
            }
        }
        return false;
    }
};

struct AdvancedSelector {
    std::optional<std::string> name;
    std::vector<FieldCondition> conditions;  // as given, for to_api_json
    Category category = Category::kNone;
    std::string resource_type;  // data events
};

enum class Form { kDefault, kBasic, kAdvanced };

}  // namespace

struct TrailSelectors::Compiled {
    Form form = Form::kDefault;
    std::vector<BasicSelector> basic;
    std::vector<AdvancedSelector> advanced;

    bool selects_basic(const event::CloudTrailRecord& record, Category category) const;
    bool selects_advanced(const event::CloudTrailRecord& record, Category category) const;
};

namespace {

bool read_write_accepts(ReadWrite rw, const std::optional<bool>& read_only) {
    switch (rw) {
        case ReadWrite::kAll:
            return true;
        case ReadWrite::kReadOnly:
            return read_only == true;
        case ReadWrite::kWriteOnly:
            return read_only == false;
    }
    return false;
}

bool data_resource_matches(const DataResource& dr, const event::CloudTrailRecord& record) {
    const BasicTypeInfo& info = *std::find_if(std::begin(kBasicTypes),
                                              std::end(kBasicTypes),
                                              [&](const auto& t) { return t.type == dr.type; });
    if (dr.all && record.event_source == info.event_source) {
        return true;
    }
    return any_resource_of_type(record, info.name, [&](const Text& arn) {
        if (dr.all) {
            return true;
        }
        for (const auto& v : dr.values) {
            // S3 values are prefixes (bucket/ or bucket/prefix); Lambda and DynamoDB are exact.
            if (dr.type == BasicType::kS3Object ? arn.starts_with(v) : arn.equals(v)) {
                return true;
            }
        }
        return false;
    });
}

}  // namespace

namespace {

// A record field an advanced field selector tests (not the category or resources ones).
std::optional<std::string_view> field_value(const event::CloudTrailRecord& record, Field field) {
    auto view = [](const std::optional<std::string>& s) -> std::optional<std::string_view> {
        return s ? std::optional<std::string_view>(*s) : std::nullopt;
    };
    switch (field) {
        case Field::kReadOnly:
            if (!record.read_only) {
                return std::nullopt;
            }
            return *record.read_only ? "true" : "false";
        case Field::kEventSource:
            return view(record.event_source);
        case Field::kEventName:
            return view(record.event_name);
        case Field::kEventType:
            return view(record.event_type);
        case Field::kUserIdentityArn:
            return record.user_identity ? view(record.user_identity->arn) : std::nullopt;
        case Field::kSessionCredentialFromConsole:
            return record.session_credential_from_console
                       ? std::string_view(*record.session_credential_from_console)
                       : std::string_view("false");
        case Field::kErrorCode:
            return view(record.error_code);
        case Field::kVpcEndpointId:
            return view(record.vpc_endpoint_id);
        case Field::kEventCategory:
        case Field::kResourcesType:
        case Field::kResourcesArn:
            break;
    }
    return std::nullopt;
}

}  // namespace

bool TrailSelectors::Compiled::selects_basic(const event::CloudTrailRecord& record,
                                             Category category) const {
    for (const auto& sel : basic) {
        if (!read_write_accepts(sel.read_write, record.read_only)) {
            continue;
        }
        if (category == Category::kManagement && sel.include_management) {
            bool excluded =
                record.event_source && std::find(sel.exclude_sources.begin(),
                                                 sel.exclude_sources.end(),
                                                 *record.event_source) != sel.exclude_sources.end();
            if (!excluded) {
                return true;
            }
        }
        if (category == Category::kData) {
            for (const auto& dr : sel.data_resources) {
                if (data_resource_matches(dr, record)) {
                    return true;
                }
            }
        }
    }
    return false;
}

bool TrailSelectors::Compiled::selects_advanced(const event::CloudTrailRecord& record,
                                                Category category) const {
    for (const auto& sel : advanced) {
        if (sel.category != category) {
            continue;
        }
        bool pass = true;
        bool has_arn_condition = false;
        for (const auto& c : sel.conditions) {
            if (c.field == Field::kEventCategory || c.field == Field::kResourcesType) {
                continue;  // decided by `category` above and by the resource check below
            }
            if (c.field == Field::kResourcesArn) {
                has_arn_condition = true;
                continue;
            }
            std::optional<std::string_view> value = field_value(record, c.field);
            std::optional<Text> text;
            if (value) {
                text.emplace(*value);
            }
            if (!c.passes(text ? &*text : nullptr)) {
                pass = false;
                break;
            }
        }
        if (!pass) {
            continue;
        }
        if (category == Category::kData) {
            pass = any_resource_of_type(record, sel.resource_type, [&](const Text& arn) {
                if (!has_arn_condition) {
                    return true;
                }
                for (const auto& c : sel.conditions) {
                    if (c.field == Field::kResourcesArn && !c.passes(&arn)) {
                        return false;
                    }
                }
                return true;
            });
        }
        if (pass) {
            return true;
        }
    }
    return false;
}

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

bool TrailSelectors::selects(const event::CloudTrailRecord& record) const {
    Category category = category_of(record);
    switch (compiled_->form) {
        case Form::kDefault:
            return category == Category::kManagement;
        case Form::kBasic:
            return category != Category::kNone && compiled_->selects_basic(record, category);
        case Form::kAdvanced:
            return category != Category::kNone && compiled_->selects_advanced(record, category);
    }
    return false;
}

}  // namespace tripline::trail
