// IngestRuntime: what `tripline ingest` feeds records into. With no server on the data dir it
// opens the same pipeline `serve` runs (state store, trail store, trails, bus, delivery of alerts)
// in-process; when a `tripline serve` holds the data dir, it hands the records to that server
// (docs/cli.md "ingest and serve"), because the trail store admits one process at a time.
//
// Ownership: owns whatever it opened. Thread-safety: sink() may be used from one ingest thread;
// finish() once at the end.
#pragma once

#include <chrono>
#include <iosfwd>
#include <memory>

#include "app/config.h"
#include "base/clock.h"
#include "base/result.h"
#include "trail/record_sink.h"

namespace tripline::storage {
class Database;
}

namespace tripline::app {

class IngestRuntime {
public:
    static Result<std::unique_ptr<IngestRuntime>> open(const Config& config,
                                                       Clock& clock,
                                                       std::ostream& out);
    virtual ~IngestRuntime() = default;

    virtual trail::RecordSink& sink() = 0;
    // The state store (ingestion checkpoints live there; SQLite admits several processes).
    virtual storage::Database& database() = 0;
    // True when records go to a running server.
    virtual bool via_server() const = 0;
    // Writes pending log files and trail-store batches, and waits up to `timeout` for the alerts
    // the records queued to be delivered (or to fail into the dead-letter store).
    virtual Status finish(std::chrono::seconds timeout) = 0;
};

}  // namespace tripline::app
