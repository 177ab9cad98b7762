// The compiled form of a trail's event selectors, shared by the parser (event_selector_parsing.cpp)
// and the per-record matcher (event_selector_matching.cpp). Internal to the trail module.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trail/event_selectors.h"

namespace tripline::trail {
namespace selector_model {

inline constexpr std::size_t kMaxEventSelectors = 5;
inline constexpr std::size_t kMaxDataResourceValues = 250;
inline constexpr std::size_t kMaxAdvancedSelectors = 500;
inline constexpr std::size_t kMaxAdvancedValues = 500;
inline constexpr std::size_t kMaxFieldLength = 1000;
inline constexpr std::size_t kMaxNameLength = 1000;
inline constexpr std::size_t kMaxOperatorValueLength = 2048;

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
inline constexpr std::array<std::string_view, 6> kOperatorNames = {
    "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"};
inline constexpr std::size_t kEquals = 0;
inline constexpr std::size_t kNotEquals = 3;

inline constexpr std::array<std::string_view, 2> kExcludableSources = {"kms.amazonaws.com",
                                                                       "rdsdata.amazonaws.com"};

// resources.type values accepted by advanced selectors (data event resource types).
// clang-format off
inline constexpr std::string_view kDataResourceTypes[] = {
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
inline constexpr BasicTypeInfo kBasicTypes[] = {
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

inline std::string_view category_name(Category c) {
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

}  // namespace selector_model

struct TrailSelectors::Compiled {
    selector_model::Form form = selector_model::Form::kDefault;
    std::vector<selector_model::BasicSelector> basic;
    std::vector<selector_model::AdvancedSelector> advanced;

    bool selects_basic(const event::CloudTrailRecord& record,
                       selector_model::Category category) const;
    bool selects_advanced(const event::CloudTrailRecord& record,
                          selector_model::Category category) const;
};

}  // namespace tripline::trail
