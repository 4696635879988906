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
        code == "invalid_phone" || code == "unknown_message" || code == "unknown_media" ||
        code == "invalid_url" || code == "address_refused" || code == "fetch_failed" || code == "too_large")
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

// The file at media_url goes into the media store first (address rules, size cap: media_fetcher.hpp), then
// the message is accepted as if it named the stored file by media_id.
void MessageRoutes::send_from_url(const std::string& session, nlohmann::json body, const std::string& key,
                                  Respond respond) {
    const auto& url = body["media_url"];
    if (!url.is_string() || url.get<std::string>().empty())
        return respond(fail({"invalid_field", "media_url must be an http or https URL"}, "media_url"));
    if (body.contains("media_id") || body.contains("media_base64")) {
        return respond(
            fail({"invalid_field", "give the file once: media_url, media_id or media_base64"}, "media_url"));
    }
    if (!fetcher_)
        return respond(fail({"invalid_field", "this gateway cannot fetch media_url"}, "media_url"));
    fetcher_->fetch(
        session, url.get<std::string>(), max_media_bytes_,
        [this, session, body, key, respond = std::move(respond)](Result<services::MediaInfo> fetched) {
            if (!fetched) {
                return respond(
                    fail({fetched.error().code, "media_url: " + fetched.error().message}, "media_url"));
            }
            nlohmann::json by_id = body;
            by_id.erase("media_url");
            by_id["media_id"] = fetched->media_id;
            std::string field;
            respond(accepted(messages_.send(session, by_id, key, field, &body), field));
        });
}

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
            if (route == RouteId::MessageSend && body->contains("media_url"))
                return send_from_url(session, std::move(*body), value_of(request.headers, "idempotency-key"),
                                     std::move(respond));
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
