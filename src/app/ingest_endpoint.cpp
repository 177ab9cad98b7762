#include "app/ingest_endpoint.h"

#include <nlohmann/json.hpp>

#include "app/local_endpoint.h"
#include "json/json_parser.h"

namespace tripline::app {

bool is_ingest_request(const api::HttpRequest& request) { return request.path == kIngestPath; }

api::HttpResponse handle_ingest_request(const api::HttpRequest& request,
                                        const std::string& token,
                                        trail::RecordSink& sink) {
    if (request.method != "POST") {
        return local_reply(405, {{"message", "use POST"}});
    }
    if (!token_matches(request, token)) {
        return local_reply(401, {{"message", "missing or wrong X-Tripline-Token"}});
    }
    std::vector<event::CloudTrailRecord> records;
    json::JsonParser parser;
    std::string_view body = request.body;
    std::size_t line_number = 0;
    while (!body.empty()) {
        std::size_t end = body.find('\n');
        std::string_view line = body.substr(0, end);
        body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        auto record = event::parse_cloudtrail_record(line, parser);
        if (!record) {
            return local_reply(
                400,
                {{"message",
                  "line " + std::to_string(line_number) + ": " + record.error().message}});
        }
        records.push_back(std::move(*record));
    }
    const std::size_t count = records.size();
    if (Status accepted = sink.accept(std::move(records), trail::RecordOrigin::kIngested);
        !accepted) {
        return local_reply(503, {{"message", accepted.error().message}});
    }
    return local_reply(200, {{"accepted", count}});
}

}  // namespace tripline::app
