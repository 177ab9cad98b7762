#include "api/services/logs/logs_service.h"

#include <optional>

namespace tripline::api::services {

namespace {

ApiError to_api(const CodedError& error) {
    if (error.status >= 500) {
        return ApiError{500, "ServiceUnavailableException", error.message, false};
    }
    return ApiError{400, error.code, error.message};
}

ApiError invalid(const std::string& message) {
    return ApiError{400, "InvalidParameterException", message};
}

logs::LogScope scope_of(const ApiCall& call) {
    return logs::LogScope{call.principal.account_id, call.region};
}

// Typed members of the JSON input; a member of the wrong type is an error.
struct Input {
    const nlohmann::json& json;
    std::optional<ApiError> error;

    const nlohmann::json* member(const char* name) {
        auto it = json.find(name);
        return it == json.end() || it->is_null() ? nullptr : &*it;
    }
    std::string text(const char* name, bool required = false) {
        const nlohmann::json* v = member(name);
        if (v == nullptr) {
            if (required && !error) {
                error = invalid(std::string("1 validation error detected: Value null at '") + name +
                                "' failed to satisfy constraint: Member must not be null");
            }
            return {};
        }
        if (!v->is_string()) {
            fail(name, "a string");
            return {};
        }
        return v->get<std::string>();
    }
    std::optional<std::int64_t> integer(const char* name) {
        const nlohmann::json* v = member(name);
        if (v == nullptr) {
            return std::nullopt;
        }
        if (!v->is_number_integer()) {
            fail(name, "an integer");
            return std::nullopt;
        }
        return v->get<std::int64_t>();
    }
    bool boolean(const char* name, bool fallback) {
        const nlohmann::json* v = member(name);
        if (v == nullptr) {
            return fallback;
        }
        if (!v->is_boolean()) {
            fail(name, "a boolean");
            return fallback;
        }
        return v->get<bool>();
    }
    std::vector<std::string> strings(const char* name) {
        std::vector<std::string> out;
        const nlohmann::json* v = member(name);
        if (v == nullptr) {
            return out;
        }
        if (!v->is_array()) {
            fail(name, "a list of strings");
            return out;
        }
        for (const auto& s : *v) {
            if (!s.is_string()) {
                fail(name, "a list of strings");
                return {};
            }
            out.push_back(s.get<std::string>());
        }
        return out;
    }
    void fail(const char* name, const char* what) {
        if (!error) {
            error =
                invalid(std::string("1 validation error detected: '") + name + "' must be " + what);
        }
    }
};

// logGroupName, or the name inside logGroupIdentifier (a name or an ARN).
std::string group_name(Input& in) {
    std::string name = in.text("logGroupName");
    if (name.empty()) {
        std::string identifier = in.text("logGroupIdentifier");
        if (auto parsed = logs::parse_log_group_arn(identifier)) {
            return parsed->name;
        }
        name = identifier;
    }
    if (name.empty() && !in.error) {
        in.error = invalid("Either logGroupName or logGroupIdentifier must be provided.");
    }
    return name;
}

std::size_t limit_of(Input& in, std::size_t fallback, std::size_t maximum) {
    auto limit = in.integer("limit");
    if (!limit) {
        return fallback;
    }
    if (*limit < 1 || static_cast<std::size_t>(*limit) > maximum) {
        if (!in.error) {
            in.error = invalid("1 validation error detected: Value '" + std::to_string(*limit) +
                               "' at 'limit' failed to satisfy constraint: Member must have "
                               "value between 1 and " +
                               std::to_string(maximum));
        }
        return fallback;
    }
    return static_cast<std::size_t>(*limit);
}

nlohmann::json group_json(const logs::LogGroup& g, std::int64_t stored_bytes) {
    nlohmann::json out = {{"logGroupName", g.name},
                          {"creationTime", g.creation_ms},
                          {"metricFilterCount", g.metric_filters.size()},
                          {"arn", g.arn() + ":*"},
                          {"logGroupArn", g.arn()},
                          {"storedBytes", stored_bytes},
                          {"logGroupClass", "STANDARD"}};
    if (g.retention_days) {
        out["retentionInDays"] = *g.retention_days;
    }
    return out;
}

nlohmann::json filter_json(const std::string& group, const logs::MetricFilter& f) {
    const logs::MetricTransformation& t = f.transformation;
    nlohmann::json transformation = {{"metricName", t.metric_name},
                                     {"metricNamespace", t.metric_namespace},
                                     {"metricValue", t.metric_value}};
    if (t.default_value) {
        transformation["defaultValue"] = *t.default_value;
    }
    if (!t.dimensions.empty()) {
        transformation["dimensions"] = nlohmann::json::object();
        for (const auto& [name, selector] : t.dimensions) {
            transformation["dimensions"][name] = selector;
        }
    }
    if (!t.unit.empty()) {
        transformation["unit"] = t.unit;
    }
    return {{"filterName", f.name},
            {"filterPattern", f.pattern_text},
            {"metricTransformations", nlohmann::json::array({transformation})},
            {"creationTime", f.creation_ms},
            {"logGroupName", group},
            {"applyOnTransformedLogs", false}};
}

nlohmann::json extracted_json(const filter_pattern::ExtractedValues& values) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : values) {
        out[name] = value;
    }
    return out;
}

}  // namespace

ServiceReply LogsService::handle(ApiCall& call) {
    const std::string& op = call.operation;
    if (op == "PutLogEvents" || op == "GetLogEvents" || op == "FilterLogEvents") {
        return event_operation(call);
    }
    if (op == "PutMetricFilter" || op == "DeleteMetricFilter" || op == "DescribeMetricFilters" ||
        op == "TestMetricFilter") {
        return filter_operation(call);
    }
    return group_operation(call);
}

ServiceReply LogsService::group_operation(ApiCall& call) {
    const std::string& op = call.operation;
    Input in{call.input, std::nullopt};
    const logs::LogScope scope = scope_of(call);
    if (op == "CreateLogGroup") {
        std::string name = in.text("logGroupName", true);
        std::map<std::string, std::string> tags;
        if (const nlohmann::json* t = in.member("tags"); t != nullptr) {
            if (!t->is_object()) {
                in.fail("tags", "a map of strings");
            } else {
                for (const auto& [k, v] : t->items()) {
                    if (!v.is_string()) {
                        in.fail("tags", "a map of strings");
                        break;
                    }
                    tags[k] = v.get<std::string>();
                }
            }
        }
        if (in.error) {
            return *in.error;
        }
        auto created = logs_.create_log_group(scope, name, tags);
        if (!created) {
            return to_api(created.error());
        }
        call.resources.push_back(
            RecordedResource{"AWS::Logs::LogGroup", created->arn(), scope.account_id});
        return json_reply(call, nlohmann::json::object());
    }
    if (op == "DeleteLogGroup") {
        std::string name = in.text("logGroupName", true);
        if (in.error) {
            return *in.error;
        }
        auto deleted = logs_.delete_log_group(scope, name);
        if (!deleted) {
            return to_api(deleted.error());
        }
        return json_reply(call, nlohmann::json::object());
    }
    if (op == "DescribeLogGroups") {
        std::string prefix = in.text("logGroupNamePrefix");
        std::string pattern = in.text("logGroupNamePattern");
        std::string token = in.text("nextToken");
        std::size_t limit = limit_of(in, 50, 50);
        if (in.error) {
            return *in.error;
        }
        auto listing = logs_.describe_log_groups(scope, prefix, pattern, limit, token);
        if (!listing) {
            return to_api(listing.error());
        }
        nlohmann::json out = {{"logGroups", nlohmann::json::array()}};
        for (const logs::LogGroup& g : listing->groups) {
            out["logGroups"].push_back(group_json(g, 0));
        }
        if (listing->next_token) {
            out["nextToken"] = *listing->next_token;
        }
        return json_reply(call, out);
    }
    if (op == "PutRetentionPolicy" || op == "DeleteRetentionPolicy") {
        std::string name = in.text("logGroupName", true);
        std::optional<int> days;
        if (op == "PutRetentionPolicy") {
            auto given = in.integer("retentionInDays");
            if (!given && !in.error) {
                in.error = invalid(
                    "1 validation error detected: Value null at 'retentionInDays' failed to "
                    "satisfy constraint: Member must not be null");
            }
            days = given ? static_cast<int>(*given) : 0;
        }
        if (in.error) {
            return *in.error;
        }
        auto set = logs_.set_retention(scope, name, days);
        if (!set) {
            return to_api(set.error());
        }
        return json_reply(call, nlohmann::json::object());
    }
    if (op == "CreateLogStream" || op == "DeleteLogStream") {
        std::string group = in.text("logGroupName", true);
        std::string stream = in.text("logStreamName", true);
        if (in.error) {
            return *in.error;
        }
        if (op == "CreateLogStream") {
            auto created = logs_.create_log_stream(scope, group, stream);
            if (!created) {
                return to_api(created.error());
            }
            return json_reply(call, nlohmann::json::object());
        }
        auto deleted = logs_.delete_log_stream(scope, group, stream);
        if (!deleted) {
            return to_api(deleted.error());
        }
        return json_reply(call, nlohmann::json::object());
    }
    if (op == "DescribeLogStreams") {
        std::string group = group_name(in);
        std::string prefix = in.text("logStreamNamePrefix");
        std::string order = in.text("orderBy");
        bool descending = in.boolean("descending", false);
        std::string token = in.text("nextToken");
        std::size_t limit = limit_of(in, 50, 50);
        if (!order.empty() && order != "LogStreamName" && order != "LastEventTime" && !in.error) {
            in.error = invalid("1 validation error detected: Value '" + order +
                               "' at 'orderBy' failed to satisfy constraint: Member must satisfy "
                               "enum value set: [LogStreamName, LastEventTime]");
        }
        if (in.error) {
            return *in.error;
        }
        auto listing = logs_.describe_log_streams(
            scope, group, prefix, order == "LastEventTime", descending, limit, token);
        if (!listing) {
            return to_api(listing.error());
        }
        nlohmann::json out = {{"logStreams", nlohmann::json::array()}};
        const std::string group_arn = logs::log_group_arn(scope.region, scope.account_id, group);
        for (const logs::StreamInfo& s : listing->streams) {
            nlohmann::json j = {{"logStreamName", s.stream.name},
                                {"creationTime", s.stream.creation_ms},
                                {"arn", group_arn + ":log-stream:" + s.stream.name},
                                {"storedBytes", 0}};
            if (s.stats) {
                j["firstEventTimestamp"] = s.stats->first_event_ms;
                j["lastEventTimestamp"] = s.stats->last_event_ms;
                j["lastIngestionTime"] = s.stats->last_ingestion_ms;
                j["uploadSequenceToken"] = std::to_string(s.stats->last_ingestion_ms);
            }
            out["logStreams"].push_back(std::move(j));
        }
        if (listing->next_token) {
            out["nextToken"] = *listing->next_token;
        }
        return json_reply(call, out);
    }
    return ApiError{400,
                    "UnknownOperationException",
                    "The operation " + op + " is not supported by Tripline's CloudWatch Logs."};
}

ServiceReply LogsService::event_operation(ApiCall& call) {
    const std::string& op = call.operation;
    Input in{call.input, std::nullopt};
    const logs::LogScope scope = scope_of(call);
    call.management_event = false;
    call.event_category = "Data";
    if (op == "PutLogEvents") {
        std::string group = in.text("logGroupName", true);
        std::string stream = in.text("logStreamName", true);
        std::vector<logs::InputLogEvent> events;
        const nlohmann::json* list = in.member("logEvents");
        if (list == nullptr || !list->is_array()) {
            in.fail("logEvents", "a list of log events");
        } else {
            for (const auto& e : *list) {
                if (!e.is_object() || !e.contains("timestamp") || !e["timestamp"].is_number() ||
                    !e.contains("message") || !e["message"].is_string()) {
                    in.fail("logEvents", "a list of {timestamp, message}");
                    break;
                }
                events.push_back(logs::InputLogEvent{e["timestamp"].get<std::int64_t>(),
                                                     e["message"].get<std::string>()});
            }
        }
        if (in.error) {
            return *in.error;
        }
        // CloudTrail does not keep the messages themselves.
        call.request_parameters =
            nlohmann::json{{"logGroupName", group}, {"logStreamName", stream}};
        auto put = logs_.put_log_events(scope, group, stream, events);
        if (!put) {
            return to_api(put.error());
        }
        nlohmann::json out = {{"nextSequenceToken", put->next_sequence_token}};
        nlohmann::json rejected = nlohmann::json::object();
        if (put->too_new_start_index) {
            rejected["tooNewLogEventStartIndex"] = *put->too_new_start_index;
        }
        if (put->too_old_end_index) {
            rejected["tooOldLogEventEndIndex"] = *put->too_old_end_index;
        }
        if (put->expired_end_index) {
            rejected["expiredLogEventEndIndex"] = *put->expired_end_index;
        }
        if (!rejected.empty()) {
            out["rejectedLogEventsInfo"] = rejected;
        }
        return json_reply(call, out);
    }
    if (op == "GetLogEvents") {
        std::string group = group_name(in);
        std::string stream = in.text("logStreamName", true);
        auto start = in.integer("startTime");
        auto end = in.integer("endTime");
        bool from_head = in.boolean("startFromHead", false);
        std::string token = in.text("nextToken");
        std::size_t limit = limit_of(in, 10000, 10000);
        if (in.error) {
            return *in.error;
        }
        auto page = logs_.get_log_events(scope, group, stream, start, end, from_head, limit, token);
        if (!page) {
            return to_api(page.error());
        }
        nlohmann::json out = {{"events", nlohmann::json::array()},
                              {"nextForwardToken", page->next_forward_token},
                              {"nextBackwardToken", page->next_backward_token}};
        for (const auto& e : page->events) {
            out["events"].push_back({{"timestamp", e.timestamp_ms},
                                     {"message", e.message},
                                     {"ingestionTime", e.ingestion_ms}});
        }
        return json_reply(call, out);
    }
    // FilterLogEvents
    logs::FilterRequest request;
    request.group = group_name(in);
    request.stream_names = in.strings("logStreamNames");
    if (std::string prefix = in.text("logStreamNamePrefix"); !prefix.empty()) {
        request.stream_name_prefix = prefix;
    }
    request.start_ms = in.integer("startTime");
    request.end_ms = in.integer("endTime");
    request.filter_pattern = in.text("filterPattern");
    if (std::string token = in.text("nextToken"); !token.empty()) {
        request.next_token = token;
    }
    request.limit = limit_of(in, 10000, 10000);
    if (in.error) {
        return *in.error;
    }
    auto page = logs_.filter_log_events(scope, request);
    if (!page) {
        return to_api(page.error());
    }
    nlohmann::json out = {{"events", nlohmann::json::array()},
                          {"searchedLogStreams", nlohmann::json::array()}};
    for (const auto& e : page->events) {
        out["events"].push_back({{"logStreamName", e.stream},
                                 {"timestamp", e.timestamp_ms},
                                 {"message", e.message},
                                 {"ingestionTime", e.ingestion_ms},
                                 {"eventId", std::to_string(e.id)}});
    }
    if (page->next_token) {
        out["nextToken"] = *page->next_token;
    }
    return json_reply(call, out);
}

ServiceReply LogsService::filter_operation(ApiCall& call) {
    const std::string& op = call.operation;
    Input in{call.input, std::nullopt};
    const logs::LogScope scope = scope_of(call);
    if (op == "TestMetricFilter") {
        std::string pattern = in.text("filterPattern");
        if (in.member("filterPattern") == nullptr && !in.error) {
            in.error = invalid(
                "1 validation error detected: Value null at 'filterPattern' failed to satisfy "
                "constraint: Member must not be null");
        }
        std::vector<std::string> messages = in.strings("logEventMessages");
        if (in.error) {
            return *in.error;
        }
        auto matches = logs::LogService::test_metric_filter(pattern, messages);
        if (!matches) {
            return to_api(matches.error());
        }
        nlohmann::json out = {{"matches", nlohmann::json::array()}};
        for (const auto& m : *matches) {
            out["matches"].push_back({{"eventNumber", m.event_number},
                                      {"eventMessage", m.message},
                                      {"extractedValues", extracted_json(m.extracted)}});
        }
        return json_reply(call, out);
    }
    if (op == "DescribeMetricFilters") {
        std::string group = in.text("logGroupName");
        std::string prefix = in.text("filterNamePrefix");
        std::optional<std::string> metric_name;
        std::optional<std::string> metric_namespace;
        if (in.member("metricName") != nullptr) {
            metric_name = in.text("metricName");
        }
        if (in.member("metricNamespace") != nullptr) {
            metric_namespace = in.text("metricNamespace");
        }
        if (in.error) {
            return *in.error;
        }
        auto filters =
            logs_.describe_metric_filters(scope, group, prefix, metric_name, metric_namespace);
        if (!filters) {
            return to_api(filters.error());
        }
        nlohmann::json out = {{"metricFilters", nlohmann::json::array()}};
        for (const auto& f : *filters) {
            out["metricFilters"].push_back(filter_json(f.group, f.filter));
        }
        return json_reply(call, out);
    }
    std::string group = in.text("logGroupName", true);
    std::string name = in.text("filterName", true);
    if (op == "DeleteMetricFilter") {
        if (in.error) {
            return *in.error;
        }
        auto deleted = logs_.delete_metric_filter(scope, group, name);
        if (!deleted) {
            return to_api(deleted.error());
        }
        return json_reply(call, nlohmann::json::object());
    }
    // PutMetricFilter
    std::string pattern = in.text("filterPattern");
    if (in.member("filterPattern") == nullptr && !in.error) {
        in.error = invalid(
            "1 validation error detected: Value null at 'filterPattern' failed to satisfy "
            "constraint: Member must not be null");
    }
    const nlohmann::json* list = in.member("metricTransformations");
    logs::MetricTransformation t;
    if (list == nullptr || !list->is_array() || list->size() != 1 || !(*list)[0].is_object()) {
        if (!in.error) {
            in.error = invalid(
                "1 validation error detected: Value at 'metricTransformations' failed to satisfy "
                "constraint: Member must have length less than or equal to 1 and greater than or "
                "equal to 1");
        }
    } else {
        const nlohmann::json& j = (*list)[0];
        Input tin{j, std::nullopt};
        t.metric_name = tin.text("metricName", true);
        t.metric_namespace = tin.text("metricNamespace", true);
        t.metric_value = tin.text("metricValue", true);
        t.unit = tin.text("unit");
        if (const nlohmann::json* d = tin.member("defaultValue"); d != nullptr) {
            if (d->is_number()) {
                t.default_value = d->get<double>();
            } else {
                tin.fail("defaultValue", "a number");
            }
        }
        if (const nlohmann::json* dims = tin.member("dimensions"); dims != nullptr) {
            if (!dims->is_object()) {
                tin.fail("dimensions", "a map of strings");
            } else {
                for (const auto& [k, v] : dims->items()) {
                    if (!v.is_string()) {
                        tin.fail("dimensions", "a map of strings");
                        break;
                    }
                    t.dimensions.emplace_back(k, v.get<std::string>());
                }
            }
        }
        if (tin.error && !in.error) {
            in.error = tin.error;
        }
    }
    if (in.error) {
        return *in.error;
    }
    auto put = logs_.put_metric_filter(scope, group, name, pattern, t);
    if (!put) {
        return to_api(put.error());
    }
    return json_reply(call, nlohmann::json::object());
}

}  // namespace tripline::api::services
