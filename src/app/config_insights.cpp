// The `insights:` section (docs/insights.md).
#include <chrono>

#include "app/config_resources.h"
#include "base/duration_text.h"

namespace tripline::app {

namespace {

// A duration in whole minutes, at least `minimum`.
void read_minutes(ConfigReader& r,
                  const YAML::Node& node,
                  std::string_view what,
                  std::int64_t minimum,
                  std::int64_t& out) {
    std::string text;
    r.string(node, what, text);
    auto parsed = parse_duration_text(text, what);
    if (!parsed) {
        r.error(node, parsed.error().message);
        return;
    }
    if (parsed->count() % 60 != 0) {
        r.error(node, std::string(what) + " must be whole minutes (e.g. 90m, 2h, 7d)");
        return;
    }
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(*parsed).count();
    if (minutes < minimum) {
        r.error(node, std::string(what) + " must be at least " + std::to_string(minimum) + "m");
        return;
    }
    out = minutes;
}

}  // namespace

void read_insights(ConfigReader& r, const YAML::Node& node, InsightsConfig& insights) {
    insights.where = r.where(node);
    insights::InsightSettings& s = insights.settings;
    r.mapping(
        node,
        "insights",
        {{"baseline",
          [&](const YAML::Node& v) {
              read_minutes(r, v, "insights.baseline", 1, s.baseline_minutes);
          }},
         {"warmup",
          [&](const YAML::Node& v) { read_minutes(r, v, "insights.warmup", 0, s.warmup_minutes); }},
         {"end_after",
          [&](const YAML::Node& v) {
              read_minutes(r, v, "insights.end_after", 1, s.end_after_quiet_minutes);
          }},
         {"lateness",
          [&](const YAML::Node& v) {
              read_minutes(r, v, "insights.lateness", 0, s.lateness_minutes);
          }},
         {"min_rate",
          [&](const YAML::Node& v) {
              r.number(v, "insights.min_rate", s.min_rate);
              if (!(s.min_rate >= 1)) {
                  r.error(v, "insights.min_rate must be at least 1 (calls per minute)");
              }
          }},
         {"deviations",
          [&](const YAML::Node& v) {
              r.number(v, "insights.deviations", s.deviations);
              if (!(s.deviations > 0)) {
                  r.error(v, "insights.deviations must be positive");
              }
          }},
         {"ingested", [&](const YAML::Node& v) {
              r.sequence(v, "insights.ingested", [&](const YAML::Node& item) {
                  std::string type;
                  r.string(item, "insights.ingested[]", type);
                  if (type == "ApiCallRateInsight") {
                      insights.ingested.api_call_rate = true;
                  } else if (type == "ApiErrorRateInsight") {
                      insights.ingested.api_error_rate = true;
                  } else {
                      r.error(item,
                              "insights.ingested: '" + type +
                                  "' is not an insight type (ApiCallRateInsight, "
                                  "ApiErrorRateInsight)");
                  }
              });
          }}});
    if (s.warmup_minutes > s.baseline_minutes) {
        r.error(node, "insights.warmup must not be longer than insights.baseline");
    }
}

}  // namespace tripline::app
