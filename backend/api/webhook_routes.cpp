#include "backend/api/webhook_routes.hpp"

#include <charconv>

#include "common/util/json_fields.hpp"

namespace wagw::api {
namespace {

PlainReply fail(const Error& error, std::string field = {}) {
    int status = 500;
    if (error.code == "not_found") status = 404;
    if (error.code == "invalid_json" || error.code == "invalid_field" || error.code == "missing_field")
        status = 400;
    return PlainReply::error({status, error, std::move(field)});
}

PlainReply webhook_reply(const std::variant<model::Webhook, services::WebhookInputError>& outcome, int status,
                         bool with_secret) {
    if (auto* error = std::get_if<services::WebhookInputError>(&outcome))
        return fail(error->error, error->field);
    const auto& webhook = std::get<model::Webhook>(outcome);
    auto json = model::to_json(webhook);
    // Shown once: after this the secret can only be replaced, never read back.
    if (with_secret) json["secret"] = webhook.secret;
    return {status, json, {}, {}};
}

std::string param(const PlainRequest& request, const std::string& name) {
    auto it = request.params.find(name);
    return it == request.params.end() ? std::string() : it->second;
}

}  // namespace

bool WebhookRoutes::handles(RouteId id) {
    switch (id) {
        case RouteId::WebhookCreate:
        case RouteId::WebhookList:
        case RouteId::WebhookGet:
        case RouteId::WebhookUpdate:
        case RouteId::WebhookDelete:
        case RouteId::WebhookDeliveries:
        case RouteId::WebhookReplay:
        case RouteId::WebhookPing:
            return true;
        default:
            return false;
    }
}

void WebhookRoutes::handle(RouteId route, const PlainRequest& request, Respond respond) {
    const std::string id = param(request, "id");
    auto body = [&]() -> Result<nlohmann::json> { return json_fields::parse(request.body); };
    switch (route) {
        case RouteId::WebhookCreate: {
            auto json = body();
            if (!json) return respond(fail(json.error()));
            return respond(webhook_reply(webhooks_.create(*json), 201, true));
        }
        case RouteId::WebhookList: {
            auto all = webhooks_.list();
            if (!all) return respond(fail(all.error()));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& webhook : *all) list.push_back(model::to_json(webhook));
            return respond({200, {{"webhooks", list}}, {}, {}});
        }
        case RouteId::WebhookGet: {
            auto webhook = webhooks_.get(id);
            if (!webhook) return respond(fail(webhook.error(), "id"));
            return respond({200, model::to_json(*webhook), {}, {}});
        }
        case RouteId::WebhookUpdate: {
            if (auto found = webhooks_.get(id); !found) return respond(fail(found.error(), "id"));
            auto json = body();
            if (!json) return respond(fail(json.error()));
            const bool new_secret = json->is_object() && json->contains("secret");
            return respond(webhook_reply(webhooks_.update(id, *json), 200, new_secret));
        }
        case RouteId::WebhookDelete: {
            if (auto removed = webhooks_.remove(id); !removed) return respond(fail(removed.error(), "id"));
            return respond({200, {{"deleted", true}, {"id", id}}, {}, {}});
        }
        case RouteId::WebhookDeliveries: {
            std::size_t limit = 100;
            if (auto it = request.query.find("limit"); it != request.query.end()) {
                const auto& text = it->second;
                auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
                if (ec != std::errc() || end != text.data() + text.size() || limit == 0 || limit > 1000)
                    return respond(fail({"invalid_field", "limit must be 1 to 1000"}, "limit"));
            }
            auto deliveries = webhooks_.deliveries(id, limit);
            if (!deliveries) return respond(fail(deliveries.error(), "id"));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& delivery : *deliveries) list.push_back(model::to_json(delivery));
            return respond({200, {{"deliveries", list}}, {}, {}});
        }
        case RouteId::WebhookReplay: {
            const std::string text = param(request, "delivery");
            std::int64_t delivery_id = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), delivery_id);
            if (ec != std::errc() || end != text.data() + text.size() || delivery_id <= 0)
                return respond(fail({"not_found", "no delivery " + text}, "delivery"));
            if (auto found = webhooks_.get(id); !found) return respond(fail(found.error(), "id"));
            auto replayed = webhooks_.replay(id, delivery_id);
            if (!replayed) return respond(fail(replayed.error(), "delivery"));
            return respond({202, model::to_json(*replayed), {}, {}});
        }
        case RouteId::WebhookPing: {
            auto delivery = webhooks_.ping(id);
            if (!delivery) return respond(fail(delivery.error(), "id"));
            return respond({202, model::to_json(*delivery), {}, {}});
        }
        default:
            break;
    }
    respond(PlainReply::error(model::ApiError::not_found("no such route")));
}

}  // namespace wagw::api
