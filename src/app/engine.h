// Engine: owns every service of one `tripline serve` process and their lifecycle. start() runs the
// start-up steps in order (steps/*.cpp, one per file); stop() drains in reverse: the API stops
// accepting, in-flight requests finish, stores close. The signal handling lives in the CLI, which
// calls stop() when SIGINT/SIGTERM arrives.
// Thread-safety: start()/stop() from one controlling thread; services synchronise internally.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "base/clock.h"
#include "base/result.h"

namespace tripline::storage {
class BucketStore;
class Database;
class IdentityStore;
}  // namespace tripline::storage

namespace tripline::api {
class ApiDispatcher;
class Authenticator;
class Authorizer;
class CallRecordSink;
class CredentialDirectory;
class HttpServer;
class RequestRouter;
}  // namespace tripline::api

namespace tripline::ec2 {
class NetworkService;
}

namespace tripline::kms {
class KeyService;
}

namespace tripline::secrets {
class SecretService;
}

namespace tripline::notify {
class DeliveryHandler;
class MessageSigner;
class TopicService;
class QueueService;
class DeliveryWorker;
}  // namespace tripline::notify

namespace tripline::bus {
class ApiDestinations;
class BusService;
}  // namespace tripline::bus

namespace tripline::query {
class TrailStore;
namespace athena {
class AthenaEngine;
}
}  // namespace tripline::query

namespace tripline::athena {
class AthenaService;
}

namespace tripline::storage {
class ResourceStore;
}

namespace tripline::trail {
class DigestKeys;
class LogDelivery;
class TrailService;
}  // namespace tripline::trail

namespace tripline::insights {
class InsightService;
}
namespace tripline::detect {
class DetectService;
}
namespace tripline::discover {
class MacieService;
}

namespace tripline::iam {
class IamService;
}

namespace tripline::logs {
class LogService;
}

namespace tripline::metrics {
class AlarmService;
class MetricService;
}  // namespace tripline::metrics

namespace tripline::app {

class DataDirLock;
class ApiDestinationCaller;
class DeliveryMetrics;
class RecordPipeline;
class TrailLogForwarder;
class TrailStoreFeeder;
class TrailTicker;

// What the start-up steps build, in the order they build it.
struct EngineState {
    Config config;
    // False for `tripline ingest` running the pipeline in-process: everything but the listener.
    bool serve_api = true;
    std::unique_ptr<DataDirLock> data_dir_lock;
    Clock* clock = nullptr;
    std::ostream* out = nullptr;  // where the newcomer guidance goes (stdout)
    std::filesystem::path data_dir;
    std::unique_ptr<storage::Database> database;
    std::unique_ptr<storage::IdentityStore> identities;
    std::unique_ptr<iam::IamService> iam;  // users, roles, policies, sessions over `identities`
    std::unique_ptr<storage::BucketStore> buckets;  // <data-dir>/buckets: local S3
    std::unique_ptr<api::CredentialDirectory> credentials;
    std::unique_ptr<api::CallRecordSink> record_sink;
    RecordPipeline* records = nullptr;  // record_sink, as the pipeline the bus joins
    std::unique_ptr<notify::MessageSigner> signer;
    // Where links in e-mails and SNS messages point: server.public_url, else the API's address.
    std::string public_url;
    std::unique_ptr<notify::QueueService> queues;
    std::unique_ptr<notify::TopicService> topics;
    std::unique_ptr<bus::BusService> buses;
    std::unique_ptr<bus::ApiDestinations> api_destinations;  // connections and API destinations
    std::unique_ptr<ApiDestinationCaller> api_destination_caller;
    std::unique_ptr<DeliveryMetrics> delivery_metrics;  // AWS/SNS and AWS/Events delivery metrics
    std::unique_ptr<query::TrailStore> trail_store;     // <data-dir>/trail.duckdb
    std::unique_ptr<TrailStoreFeeder> trail_feeder;
    std::unique_ptr<trail::DigestKeys> digest_keys;
    std::unique_ptr<storage::ResourceStore> trail_resources;
    std::unique_ptr<trail::LogDelivery> log_delivery;
    std::unique_ptr<trail::TrailService> trails;
    std::unique_ptr<TrailTicker> trail_ticker;
    std::unique_ptr<detect::DetectService> detect;
    std::unique_ptr<discover::MacieService> macie;  // data discovery jobs and findings
    std::unique_ptr<insights::InsightService> insights;
    std::unique_ptr<ec2::NetworkService> network;     // EC2 security groups, default VPCs
    std::unique_ptr<kms::KeyService> kms_keys;        // KMS keys and aliases
    std::unique_ptr<secrets::SecretService> secrets;  // Secrets Manager (sealed with kms_keys)
    std::unique_ptr<logs::LogService> logs;           // CloudWatch Logs
    std::unique_ptr<metrics::MetricService> metrics;  // CloudWatch metrics
    std::unique_ptr<metrics::AlarmService> alarms;    // CloudWatch alarms
    std::unique_ptr<TrailLogForwarder> trail_log_forwarder;      // trails → their log groups
    std::unique_ptr<query::athena::AthenaEngine> athena_engine;  // SQL over trail_store
    std::unique_ptr<athena::AthenaService> athena;               // Athena's query executions
    std::vector<std::unique_ptr<notify::DeliveryHandler>> delivery_handlers;
    std::unique_ptr<notify::DeliveryWorker> delivery;
    std::unique_ptr<api::Authenticator> authenticator;
    std::unique_ptr<api::Authorizer> authorizer;
    std::unique_ptr<api::ApiDispatcher> dispatcher;
    std::unique_ptr<api::RequestRouter> router;
    std::unique_ptr<api::HttpServer> http;
};

class Engine {
public:
    Engine(Config config, Clock& clock, std::ostream& out, bool serve_api = true);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    Status start();
    void stop();

    // The API's bound port (useful when the config asked for port 0).
    int api_port() const;
    const EngineState& state() const { return state_; }
    EngineState& state() { return state_; }

private:
    EngineState state_;
    bool started_ = false;
};

std::string tripline_version();

}  // namespace tripline::app
