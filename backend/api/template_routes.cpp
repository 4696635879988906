#include "backend/api/template_routes.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::api {
namespace {

int status_for(const Error& error) {
    const std::string& code = error.code;
    if (code == "not_found") return 404;
    if (code == "name_taken" || code == "idempotency_conflict") return 409;
    if (code == "invalid_json" || code == "missing_field" || code == "invalid_field" ||
        code == "invalid_template")
        return 400;
    return 500;
}

PlainReply fail(const services::TemplateFailure& failure) {
    PlainReply reply = PlainReply::error({status_for(failure.error), failure.error, failure.field});
    if (failure.line > 0) {
        reply.json["error"]["line"] = failure.line;
        reply.json["error"]["column"] = failure.column;
    }
    return reply;
}

PlainReply fail(const Error& error, std::string field = {}) {
    return fail({error, std::move(field)});
}

std::string value_of(const std::map<std::string, std::string>& values, const std::string& name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

nlohmann::json preview_json(const services::TemplatePreview& preview) {
    nlohmann::json body{{"text", preview.rendered.text}, {"missing", preview.rendered.missing}};
    if (preview.spintax) body["variant"] = preview.rendered.variant;
    if (!preview.media_id.empty()) body["media_id"] = preview.media_id;
    return body;
}

}  // namespace

bool TemplateRoutes::handles(RouteId id) {
    switch (id) {
        case RouteId::TemplateCreate:
        case RouteId::TemplateList:
        case RouteId::TemplateGet:
        case RouteId::TemplateUpdate:
        case RouteId::TemplateDelete:
        case RouteId::TemplatePreview:
            return true;
        default:
            return false;
    }
}

void TemplateRoutes::handle(RouteId route, const PlainRequest& request, Respond respond) {
    const std::string id = value_of(request.params, "id");
    switch (route) {
        case RouteId::TemplateCreate:
        case RouteId::TemplateUpdate:
        case RouteId::TemplatePreview: {
            auto body = json_fields::parse(request.body);
            if (!body) return respond(fail(body.error()));
            if (route == RouteId::TemplatePreview) {
                auto preview = templates_.preview(*body);
                if (auto* failure = std::get_if<services::TemplateFailure>(&preview))
                    return respond(fail(*failure));
                return respond({200, preview_json(std::get<services::TemplatePreview>(preview)), {}, {}});
            }
            if (route == RouteId::TemplateUpdate) {
                auto updated = templates_.update(id, *body);
                if (auto* failure = std::get_if<services::TemplateFailure>(&updated))
                    return respond(fail(*failure));
                return respond({200, model::to_json(std::get<model::MessageTemplate>(updated)), {}, {}});
            }
            auto created = templates_.create(*body, value_of(request.headers, "idempotency-key"));
            if (auto* failure = std::get_if<services::TemplateFailure>(&created))
                return respond(fail(*failure));
            const auto& outcome = std::get<services::TemplateCreated>(created);
            return respond({201, model::to_json(outcome.tpl), {}, {}});  // a replay answers as the first time
        }
        case RouteId::TemplateList: {
            auto all = templates_.list();
            if (!all) return respond(fail(all.error()));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& tpl : *all) list.push_back(model::to_json(tpl));
            return respond({200, {{"templates", std::move(list)}}, {}, {}});
        }
        case RouteId::TemplateGet: {
            auto tpl = templates_.get(id);
            if (!tpl) return respond(fail(tpl.error(), "id"));
            return respond({200, model::to_json(*tpl), {}, {}});
        }
        case RouteId::TemplateDelete: {
            auto removed = templates_.remove(id);
            if (!removed) return respond(fail(removed.error(), "id"));
            return respond({200, {{"deleted", true}, {"id", id}}, {}, {}});
        }
        default:
            return respond(PlainReply::error(model::ApiError::not_found("no such route")));
    }
}

}  // namespace wagw::api
