#include "api/service.h"

#include "api/xml_writer.h"

namespace tripline::api {

HttpResponse query_reply(const ApiCall& call,
                         std::string_view xml_namespace,
                         std::string_view result_xml,
                         bool has_result) {
    XmlWriter xml;
    std::string response = call.operation + "Response";
    std::string result = call.operation + "Result";
    xml.open(response, xml_namespace);
    if (has_result) {
        xml.open(result).raw(result_xml).close(result);
    }
    xml.open("ResponseMetadata")
        .element("RequestId", call.request_id)
        .close("ResponseMetadata")
        .close(response);
    HttpResponse reply;
    reply.content_type = "text/xml";
    reply.body = xml.take();
    reply.headers.emplace("x-amzn-RequestId", call.request_id);
    return reply;
}

HttpResponse json_reply(const ApiCall& call, const nlohmann::json& body, int status) {
    HttpResponse reply;
    reply.status = status;
    reply.content_type = call.protocol == Protocol::kRestJson
                             ? "application/json"
                             : std::string(json_content_type(call.protocol));
    reply.body = body.dump();
    reply.headers.emplace("x-amzn-RequestId", call.request_id);
    return reply;
}

}  // namespace tripline::api
