// Fuzzes CloudWatch's query-form reader and alarm parser: any form body becomes the JSON input of
// the operation (bounded, whatever its indexes) and PutMetricAlarm accepts or refuses it cleanly;
// every output converts to query XML.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/query_form.h"
#include "api/services/cloudwatch/cloudwatch_wire.h"
#include "metrics/metric_alarm.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto form = tripline::api::QueryForm::parse(body);
    if (!form) {
        return 0;
    }
    namespace cw = tripline::api::services::cloudwatch;
    const nlohmann::json input = cw::query_form_to_input(*form);
    (void)cw::output_to_result_xml(input);
    if (auto alarm = tripline::metrics::parse_put_metric_alarm(input)) {
        (void)tripline::metrics::put_metric_alarm_fields(alarm.value());
    }
    for (const char* member : {"StartTime", "Timestamp"}) {
        if (input.contains(member)) {
            (void)cw::parse_timestamp(input[member]);
        }
    }
    return 0;
}
