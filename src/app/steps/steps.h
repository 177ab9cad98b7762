// The start-up steps of `tripline serve`, one per file, run by Engine::start() in this order. Each
// takes the state built so far and adds to it; the first failure stops start-up with its error.
#pragma once

#include "app/engine.h"

namespace tripline::app::steps {

// Creates the data directory (mode 0700) or checks that an existing one is usable.
Status prepare_data_dir(EngineState& state);
// Opens state.db and applies schema migrations.
Status open_state_store(EngineState& state);
// Writes the accounts, users and access keys the config declares into the identity store.
Status apply_config_identities(EngineState& state);
// Called by apply_config_identities once the users exist.
Status apply_config_iam(EngineState& state);
// First start with no users at all: creates the lab account's administrator and its key pair, and
// writes <data-dir>/credentials and <data-dir>/config for the aws CLI.
Status bootstrap_lab_credentials(EngineState& state);
// Opens <data-dir>/records.jsonl, where every CloudTrail record produced is appended.
Status open_record_journal(EngineState& state);
// Opens the DuckDB trail store (<data-dir>/trail.duckdb), applies retention, and joins it (with
// its feeder thread) to the record pipeline.
Status open_trail_store(EngineState& state);
// Loads the digest keys and the trails, and joins the trails to the record pipeline.
Status open_trails(EngineState& state);
// CloudTrail Insights over the record pipeline, for the trails' insight selectors (and ingested
// logs when insights.ingested says so); restores their saved state.
Status open_insights(EngineState& state);
// Loads or creates the SNS message-signing key and certificate (<data-dir>/sns/).
Status open_message_signer(EngineState& state);
// Creates (does not start) the delivery worker, so services built next can wake it when they
// enqueue work: state.delivery->wake().
Status create_delivery_worker(EngineState& state);
// Each builds one domain service into the state and adds its API handler to state.dispatcher
// (called by start_api_server, after the dispatcher exists and before the listener binds).
Status register_sqs_service(EngineState& state);
Status register_sns_service(EngineState& state);
Status register_events_service(EngineState& state);
Status register_cloudtrail_service(EngineState& state);
// Builds threat detection (detectors, findings; threat intel from guardduty.intel_dir), joins it
// to the record pipeline, publishes findings to the event bus, and serves GuardDuty's API.
Status register_guardduty_service(EngineState& state);
// Macie: sessions, classification jobs (runner thread), findings to the bus; the macie2 API.
Status register_macie_service(EngineState& state);
// Enables the declared Macie sessions with their identifiers, allow lists and jobs.
Status apply_macie_config(EngineState& state);
// EC2 security groups and default VPCs (ec2::NetworkService) and their API.
Status register_ec2_service(EngineState& state);
// KMS keys, aliases and encryption (kms::KeyService) and Secrets Manager, which seals its values
// with them (secrets::SecretService), and their APIs.
Status register_kms_service(EngineState& state);
// CloudWatch Logs (log groups fed by trails and EventBridge targets, metric filters), metrics
// and alarms (notifying SNS topics and the event bus on each state change), and their APIs.
Status register_cloudwatch_service(EngineState& state);
// Athena: SQL over the trail store (query::athena::AthenaEngine), query executions run by a
// bounded worker pool with results in Tripline's buckets, and its API.
Status register_athena_service(EngineState& state);
// The config's log groups with their metric filters, and alarms (after apply_config_resources,
// so alarm actions may name declared topics).
Status apply_cloudwatch_config(EngineState& state);
// Creates or updates the detectors guardduty.detectors declares, with their filters, IPSets and
// ThreatIntelSets (register_guardduty_service calls it once the service is loaded).
Status apply_guardduty_config(EngineState& state);
// Creates or updates the topics, subscriptions and rules the config declares (after the services
// exist, before the API listens). Declarations are upserts; nothing undeclared is deleted.
Status apply_config_resources(EngineState& state);
// The config's KMS keys and secrets (after register_kms_service).
Status apply_config_secrets(EngineState& state);
// Wires the AWS services, SigV4 authentication and call recording, and binds the API listener.
Status start_api_server(EngineState& state);
// Starts the delivery workers: SNS deliveries (e-mail via SMTP or the maildir, HTTP/S, SQS) and
// EventBridge target invocations; the event bus joins the record pipeline. Deliveries left
// pending by a previous run resume at once.
Status start_delivery(EngineState& state);
// Adds CloudWatch's work to the ticker: trail records to their log groups, alarm evaluation,
// retention (called by start_trail_delivery).
void add_cloudwatch_tasks(EngineState& state, TrailTicker& ticker);
// Starts the trail ticker: log files and digests as they fall due, trail-store flushes.
Status start_trail_delivery(EngineState& state);

}  // namespace tripline::app::steps
