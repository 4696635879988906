#include "backend/api/message_routes.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::api {
namespace {

int status_for(const Error& error) {
    const std::string& code = error.code;
    if (code == "not_found") return 404;
    if (code == "not_linked" || code == "idempotency_conflict" || code == "not_own_message" ||
        code == "not_sent" || code == "not_editable")
        return 409;
    if (code == "invalid_json" || code == "missing_field" || code == "invalid_field" ||
        code == "invalid_phone" || code == "unknown_message")
        return 400;
    return 500;
}

PlainReply fail(const Error& error, const std::string& field) {
    return PlainReply::error({status_for(error), error, field});
}

std::string value_of(const std::map<std::string, std::string>& values, const std::string& name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

PlainReply accepted(const Result<services::MessageService::Accepted>& result, const std::string& field,
                    const char* target_key = nullptr, const std::string& target = {}) {
    if (!result) return fail(result.error(), field);
    nlohmann::json body{{"id", result->id}, {"status", model::status_name(result->status)}};
    if (target_key) body[target_key] = target;
    return {202, std::move(body), {}, {}};
}

}  // namespace

bool MessageRoutes::handles(RouteId id) {
    return id == RouteId::MessageSend || id == RouteId::MessageList || id == RouteId::MessageGet ||
           id == RouteId::MessageEdit || id == RouteId::MessageRevoke;
}

void MessageRoutes::handle(RouteId route, const PlainRequest& request, Respond respond) {
    const std::string session = value_of(request.params, "id");
    const std::string mid = value_of(request.params, "mid");
    std::string field;
    switch (route) {
        case RouteId::MessageSend:
        case RouteId::MessageEdit: {
            auto body = json_fields::parse(request.body);
            if (!body) return respond(fail(body.error(), ""));
            if (route == RouteId::MessageSend)
                return respond(accepted(
                    messages_.send(session, *body, value_of(request.headers, "idempotency-key"), field),
                    field));
            return respond(accepted(messages_.edit(session, mid, *body, field), field, "edits", mid));
        }
        case RouteId::MessageRevoke:
            return respond(accepted(messages_.revoke(session, mid, field), field, "revokes", mid));
        case RouteId::MessageGet: {
            auto detail = messages_.get(session, mid);
            if (!detail) {
                const bool session_missing =
                    detail.error().code == "not_found" && detail.error().message.rfind("no session", 0) == 0;
                return respond(fail(detail.error(), detail.error().code != "not_found" ? ""
                                                    : session_missing                  ? "id"
                                                                                       : "mid"));
            }
            nlohmann::json body = model::to_json(detail->message);
            nlohmann::json timeline = nlohmann::json::array();
            for (const auto& change : detail->timeline) timeline.push_back(model::to_json(change));
            body["timeline"] = std::move(timeline);
            return respond({200, std::move(body), {}, {}});
        }
        case RouteId::MessageList: {
            services::MessageService::ListQuery query{
                value_of(request.query, "chat"), value_of(request.query, "direction"),
                value_of(request.query, "limit"), value_of(request.query, "before")};
            auto page = messages_.list(session, query, field);
            if (!page) return respond(fail(page.error(), field));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& message : page->messages) list.push_back(model::to_json(message));
            nlohmann::json next =
                page->next_before.empty() ? nlohmann::json(nullptr) : nlohmann::json(page->next_before);
            return respond({200, {{"messages", std::move(list)}, {"next_before", std::move(next)}}, {}, {}});
        }
        default:
            return respond(PlainReply::error(model::ApiError::not_found("no such route")));
    }
}

}  // namespace wagw::api
