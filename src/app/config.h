// Config: what one Tripline installation declares in its YAML/JSON file (`--config`). Every field
// has an embedded default, so `tripline serve` runs with no file at all. Later issues add their
// resource types (topics, rules, trails, ...) here; the loader (config_loader.h) fills and
// validates it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/logging.h"
#include "base/text_position.h"
#include "insights/insight_settings.h"
#include "trail/trail_model.h"

namespace tripline::app {

inline constexpr const char* kDefaultAccountId = "123456789012";
inline constexpr const char* kDefaultRegion = "us-east-1";
inline constexpr const char* kDefaultListen = "127.0.0.1:4566";
inline constexpr const char* kDefaultDataDir = "./var";

struct AccessKeyConfig {
    std::string access_key_id;
    std::string secret_access_key;
    std::string status = "Active";
    TextSpan where;
};

// IAM policies of a declared user, group or role: managed policies by name ("ReadOnlyAccess", a
// customer policy of the account) or ARN, and inline policies by name → JSON document.
struct IamPoliciesConfig {
    std::vector<std::string> managed;
    bool managed_declared = false;  // `policies:` present (a user without it is an administrator)
    std::map<std::string, std::string> inline_policies;
};

struct UserConfig {
    std::string name;
    std::string path = "/";
    std::vector<AccessKeyConfig> access_keys;
    IamPoliciesConfig policies;
    std::vector<std::string> groups;
    TextSpan where;
};

struct GroupConfig {
    std::string name;
    std::string path = "/";
    IamPoliciesConfig policies;
    TextSpan where;
};

struct RoleConfig {
    std::string name;
    std::string path = "/";
    std::string trust_policy;  // JSON text
    std::string description;
    std::size_t max_session_duration = 3600;
    IamPoliciesConfig policies;
    TextSpan where;
};

struct ManagedPolicyConfig {
    std::string name;
    std::string path = "/";
    std::string description;
    std::string document;  // JSON text
    TextSpan where;
};

struct AccountConfig {
    std::string id = kDefaultAccountId;
    std::string alias;
    std::vector<UserConfig> users;
    std::vector<GroupConfig> groups;
    std::vector<RoleConfig> roles;
    std::vector<ManagedPolicyConfig> policies;
    TextSpan where;
};

struct ServerConfig {
    std::string listen = kDefaultListen;
    std::string data_dir = kDefaultDataDir;
    std::string region = kDefaultRegion;  // the region requests without one are recorded in
    std::size_t max_request_bytes = 16 * 1024 * 1024;
    std::size_t worker_threads = 64;  // one keep-alive connection per worker (cpp-httplib)
    std::string tls_certificate;      // PEM files; both set → HTTPS
    std::string tls_private_key;
    // Base URL of links in e-mails and SNS messages (confirm, unsubscribe, signing certificate);
    // empty: the listen address.
    std::string public_url;
};

// Where e-mail goes. No host: into <data-dir>/mail/ (a maildir), so the lab works offline.
struct SmtpConfig {
    std::string host;
    std::size_t port = 25;
    std::string tls = "starttls";  // none | starttls (upgrade when offered) | tls (implicit TLS)
    std::string username;
    std::string password;  // never logged
    std::string from;      // envelope sender; default SNS's no-reply@sns.amazonaws.com
    TextSpan where;
};

struct DeliveryConfig {
    std::size_t threads = 4;
    // Multiplies every retry delay (SNS and EventBridge schedules). Labs and tests use e.g. 0.01
    // to watch a 20 s retry happen in 200 ms; 1 is AWS's timing.
    double retry_delay_scale = 1.0;
    // Delivered messages stay listed by `tripline outbox` this long, then are deleted (the outbox
    // would otherwise grow by every alert ever sent). Pending and dead messages are never purged.
    double keep_delivered_hours = 1.0;
};

// An SNS subscription declared under a topic. `attributes` uses SNS's names (FilterPolicy,
// FilterPolicyScope, RawMessageDelivery, DeliveryPolicy, RedrivePolicy). `confirmed: true` makes it
// active at once (the operator declared it); otherwise it waits for confirmation, as in AWS.
struct SubscriptionConfig {
    std::string protocol;
    std::string endpoint;
    bool confirmed = false;
    std::map<std::string, std::string> attributes;
    TextSpan where;
};

// An SNS topic; account and region default to the first declared account and server.region.
struct TopicConfig {
    std::string name;
    std::string account;
    std::string region;
    std::map<std::string, std::string> attributes;  // DisplayName, DeliveryPolicy, ...
    std::vector<SubscriptionConfig> subscriptions;
    TextSpan where;
};

// An EventBridge rule with its targets, each a PutTargets target object (JSON text: Id, Arn,
// Input | InputPath | InputTransformer, RetryPolicy, DeadLetterConfig).
struct RuleConfig {
    std::string name;
    std::string account;
    std::string region;
    std::string bus = "default";
    std::string state = "ENABLED";
    std::string description;
    std::string event_pattern;  // JSON text
    std::vector<std::string> targets;
    TextSpan where;
};

// The trail pipeline (`trail:`): how often buffered records become log files (CloudTrail takes
// about 5 minutes; Tripline's default is 10 s) and how often digests are written (hourly, as AWS).
struct TrailPipelineConfig {
    std::size_t flush_seconds = 10;
    std::size_t digest_interval_seconds = 3600;
    std::size_t lookup_retention_days = 90;  // records older than this leave the trail store
};

// A CloudTrail trail (`trails:`). `document` is a JSON object with CreateTrail's parameter names
// (Name, S3BucketName, S3KeyPrefix, SnsTopicName, IsMultiRegionTrail, EnableLogFileValidation,
// IncludeGlobalServiceEvents, CloudWatchLogsLogGroupArn, ...), optionally EventSelectors |
// AdvancedEventSelectors and InsightSelectors, and StartLogging (default true).
struct TrailConfig {
    std::string name;
    std::string account;
    std::string region;
    bool create_bucket = true;  // create S3BucketName in the trail's account when missing
    std::string document;
    TextSpan where;
};

// An EventBridge API destination with its connection (`api_destinations:`). `document` is a JSON
// object with CreateApiDestination's parameter names (InvocationEndpoint, HttpMethod,
// InvocationRateLimitPerSecond, Description) and `Connection`, an object with CreateConnection's
// (Name, AuthorizationType, AuthParameters, Description). Rules name the destination by
// arn:aws:events:<region>:<account>:api-destination/<name> (its uuid suffix is not known ahead).
struct ApiDestinationConfig {
    std::string name;
    std::string account;
    std::string region;
    std::string document;
    TextSpan where;
};

// A KMS key (`kms_keys:`), named by its alias: the key the alias points to is the declared key, so
// restarts find it again. Account and region default as for topics.
struct KmsKeyConfig {
    std::string alias;  // "alias/lab" (the prefix is added when missing)
    std::string account;
    std::string region;
    std::string description;
    bool enabled = true;
    TextSpan where;
};

// A Secrets Manager secret (`secrets:`), sealed with `kms_key` (default aws/secretsmanager). The
// value is given inline or read from an environment variable at start-up, so the file need not
// hold it; a changed value becomes the new AWSCURRENT version.
struct SecretConfig {
    std::string name;
    std::string account;
    std::string region;
    std::string description;
    std::string kms_key;
    std::optional<std::string> value;
    std::string value_from_env;
    TextSpan where;
};

// Threat detection (`guardduty:`, docs/guardduty.md): where the threat-intel lists live
// (docs/threat-intel.md), whether a record of an account and region without a detector enables
// one there, and how long (in event time) baselines learn before AnomalousBehavior findings.
// A detector declared under `guardduty.detectors`: `document` is a JSON object with
// CloudFormation's names (AWS::GuardDuty::Detector / Filter / IPSet / ThreatIntelSet): Enable,
// FindingPublishingFrequency, Tags, Filters [{Name, Action, Rank, Description, FindingCriteria}],
// IPSets and ThreatIntelSets [{Name, Format, Location, Activate}].
struct GuardDutyDetectorConfig {
    std::string account;  // default: the first account
    std::string region;   // default: server.region
    std::string document;
    TextSpan where;
};

struct GuardDutyConfig {
    std::string intel_dir;
    bool implicit_detectors = true;
    std::string learning_period = "7d";  // "72h", "3d", "0" (detect/anomaly_tracker.h)
    std::vector<GuardDutyDetectorConfig> detectors;
    TextSpan where;
};

// Data discovery (`macie:`, docs/macie.md): a Macie session per account and region, enabled at
// start-up, with what it holds. `document` is a JSON object: FindingPublishingFrequency,
// CustomDataIdentifiers and AllowLists in CloudFormation's names (AWS::Macie::CustomDataIdentifier
// / AllowList: Name, Regex, Keywords, ...; Criteria {Regex | S3WordsList {BucketName, ObjectKey}}),
// ClassificationJobs in CreateClassificationJob's names (name, jobType, s3JobDefinition, ...).
struct MacieSessionConfig {
    std::string account;  // default: the first account
    std::string region;   // default: server.region
    std::string document;
    TextSpan where;
};

// CloudWatch (`cloudwatch:`, docs/cloudwatch.md). A log group is declared with its metric filters
// in CloudFormation's names (AWS::Logs::MetricFilter: FilterName, FilterPattern,
// MetricTransformations [{MetricName, MetricNamespace, MetricValue, DefaultValue, Unit,
// Dimensions [{Key, Value}]}]); an alarm with PutMetricAlarm's / AWS::CloudWatch::Alarm's names
// (AlarmName, MetricName, Namespace, Statistic, Period, EvaluationPeriods, Threshold,
// ComparisonOperator, AlarmActions, ...), where an action may name a topic of the account by name.
struct LogGroupConfig {
    std::string name;
    std::string account;
    std::string region;
    std::optional<int> retention_days;
    std::string metric_filters;  // JSON array text
    TextSpan where;
};

struct AlarmConfig {
    std::string account;
    std::string region;
    std::string document;  // JSON object text
    TextSpan where;
};

struct CloudWatchConfig {
    std::size_t alarm_evaluation_seconds = 10;  // AWS: every minute
    std::size_t trail_delivery_seconds = 5;     // AWS: about 5 minutes
    // Ingested CloudTrail records go to this log group of the first account (server.region), as
    // their trail would deliver them; empty: none.
    std::string ingested_log_group;
    std::vector<LogGroupConfig> log_groups;
    std::vector<AlarmConfig> alarms;
    TextSpan where;
};

// Athena: SQL over the trail store (docs/athena.md).
struct AthenaConfig {
    std::size_t workers = 2;                   // queries running at once
    std::size_t query_timeout_seconds = 1800;  // AWS's default DML timeout: 30 minutes
    std::size_t max_result_rows = 1'000'000;
    // The primary workgroup's result location ("s3://bucket/prefix/"); empty: none, as in AWS,
    // so StartQueryExecution must name one. The bucket must exist in Tripline.
    std::string output_location;
    TextSpan where;
};

// CloudTrail Insights (`insights:`, docs/insights.md): the detection rule's parameters
// (insights/insight_settings.h) and the insight types computed over ingested logs.
struct InsightsConfig {
    insights::InsightSettings settings;
    trail::InsightTypes ingested;
    TextSpan where;
};

struct Config {
    ServerConfig server;
    LogOptions log;
    std::vector<AccountConfig> accounts;
    SmtpConfig smtp;
    DeliveryConfig delivery;
    std::vector<TopicConfig> topics;
    std::vector<RuleConfig> rules;
    TrailPipelineConfig trail;
    std::vector<TrailConfig> trails;
    std::vector<ApiDestinationConfig> api_destinations;
    std::vector<KmsKeyConfig> kms_keys;
    std::vector<SecretConfig> secrets;
    GuardDutyConfig guardduty;
    std::vector<MacieSessionConfig> macie;
    CloudWatchConfig cloudwatch;
    AthenaConfig athena;
    InsightsConfig insights;
    std::string source;  // the file it came from; empty for the embedded defaults
};

}  // namespace tripline::app
