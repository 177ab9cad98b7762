#include "storage/metric_data_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "storage/transaction.h"

namespace tripline::storage {

std::string canonical_dimensions(MetricDimensions dimensions) {
    std::sort(dimensions.begin(), dimensions.end());
    nlohmann::json out = nlohmann::json::array();
    for (auto& [name, value] : dimensions) {
        out.push_back({std::move(name), std::move(value)});
    }
    return out.dump();
}

namespace {

MetricDimensions parse_dimensions(std::string_view text) {
    MetricDimensions out;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_array()) {
        for (const auto& pair : parsed) {
            if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
                out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
            }
        }
    }
    return out;
}

std::vector<double> parse_samples(std::string_view text) {
    std::vector<double> out;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_array()) {
        for (const auto& v : parsed) {
            if (v.is_number()) {
                out.push_back(v.get<double>());
            }
        }
    }
    return out;
}

}  // namespace

Status MetricDataStore::add(const std::vector<MetricSample>& samples) {
    return with_transaction(db_, [&]() -> Status {
        for (const MetricSample& s : samples) {
            const std::string dims = canonical_dimensions(s.key.dimensions);
            const std::int64_t minute = s.timestamp_s - ((s.timestamp_s % 60) + 60) % 60;
            MetricMinute m;
            m.minute_s = minute;
            bool found = false;
            {
                TRIPLINE_ASSIGN_OR_RETURN(
                    Statement stmt,
                    db_.prepare("SELECT unit, sample_count, sum, minimum, maximum, samples FROM "
                                "metric_data WHERE account_id = ?1 AND region = ?2 AND namespace "
                                "= ?3 AND metric_name = ?4 AND dimensions = ?5 AND minute = ?6",
                                s.key.account_id,
                                s.key.region,
                                s.key.namespace_,
                                s.key.metric_name,
                                dims,
                                minute));
                TRIPLINE_ASSIGN_OR_RETURN(found, stmt.step());
                if (found) {
                    m.unit = stmt.column_string(0);
                    m.count = stmt.column_double(1);
                    m.sum = stmt.column_double(2);
                    m.minimum = stmt.column_double(3);
                    m.maximum = stmt.column_double(4);
                    m.samples = parse_samples(stmt.column_text(5));
                }
            }
            if (found) {
                m.count += s.count;
                m.sum += s.sum;
                m.minimum = std::min(m.minimum, s.minimum);
                m.maximum = std::max(m.maximum, s.maximum);
            } else {
                m.count = s.count;
                m.sum = s.sum;
                m.minimum = s.minimum;
                m.maximum = s.maximum;
            }
            m.unit = s.unit;
            for (double v : s.values) {
                if (m.samples.size() >= kMaxSamplesPerMinute) {
                    break;
                }
                m.samples.push_back(v);
            }
            TRIPLINE_TRY(db_.run(
                "INSERT OR REPLACE INTO metric_data(account_id, region, namespace, metric_name, "
                "dimensions, minute, unit, sample_count, sum, minimum, maximum, samples) "
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                s.key.account_id,
                s.key.region,
                s.key.namespace_,
                s.key.metric_name,
                dims,
                minute,
                m.unit,
                m.count,
                m.sum,
                m.minimum,
                m.maximum,
                nlohmann::json(m.samples).dump()));
        }
        return ok_status();
    });
}

Result<std::vector<MetricMinute>> MetricDataStore::read(const MetricKey& key,
                                                        std::int64_t start_s,
                                                        std::int64_t end_s) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT minute, unit, sample_count, sum, minimum, maximum, samples FROM "
                    "metric_data WHERE account_id = ?1 AND region = ?2 AND namespace = ?3 AND "
                    "metric_name = ?4 AND dimensions = ?5 AND minute >= ?6 AND minute < ?7 "
                    "ORDER BY minute",
                    key.account_id,
                    key.region,
                    key.namespace_,
                    key.metric_name,
                    canonical_dimensions(key.dimensions),
                    start_s,
                    end_s));
    std::vector<MetricMinute> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(MetricMinute{stmt.column_int64(0),
                                   stmt.column_string(1),
                                   stmt.column_double(2),
                                   stmt.column_double(3),
                                   stmt.column_double(4),
                                   stmt.column_double(5),
                                   parse_samples(stmt.column_text(6))});
    }
}

Result<std::vector<ListedMetric>> MetricDataStore::list(std::string_view account_id,
                                                        std::string_view region,
                                                        std::optional<std::string> namespace_,
                                                        std::optional<std::string> metric_name) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT namespace, metric_name, dimensions, max(minute) FROM metric_data "
                    "WHERE account_id = ?1 AND region = ?2 AND (?3 IS NULL OR namespace = ?3) "
                    "AND (?4 IS NULL OR metric_name = ?4) "
                    "GROUP BY namespace, metric_name, dimensions "
                    "ORDER BY namespace, metric_name, dimensions",
                    account_id,
                    region,
                    namespace_,
                    metric_name));
    std::vector<ListedMetric> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(ListedMetric{stmt.column_string(0),
                                   stmt.column_string(1),
                                   parse_dimensions(stmt.column_text(2)),
                                   stmt.column_int64(3)});
    }
}

Result<std::int64_t> MetricDataStore::remove_before(std::int64_t minute_s) {
    return db_.run("DELETE FROM metric_data WHERE minute < ?1", minute_s);
}

}  // namespace tripline::storage
