#include "backend/api/session_routes.hpp"

#include "backend/api/qr_image.hpp"
#include "common/phone/phone_number.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::api {
namespace {

// The status for an error a service or a parser returned.
int status_for(const Error& error) {
    if (error.code == "not_found") return 404;
    if (error.code == "name_taken" || error.code == "not_waiting_for_scan" || error.code == "not_running" ||
        error.code == "already_linked" || error.code == "not_waiting_for_code" ||
        error.code == "pairing_failed")
        return 409;
    if (error.code == "invalid_json" || error.code == "missing_field" || error.code == "invalid_field" ||
        error.code == "invalid_phone" || error.code == "invalid_link_code")
        return 400;
    if (error.code == "pairing_code_timeout") return 504;
    return 500;
}

PlainReply fail(const Error& error, std::string field = {}) {
    return PlainReply::error({status_for(error), error, std::move(field)});
}

PlainReply session_reply(const Result<model::Session>& session, int status = 200) {
    if (!session) return fail(session.error(), session.error().code == "not_found" ? "id" : "");
    return {status, model::to_json(*session), {}, {}};
}

// The body of a route that takes a JSON object; errors name the problem (and there is no field to name yet).
Result<nlohmann::json> body_object(const PlainRequest& request) {
    auto body = json_fields::parse(request.body);
    if (!body) return body.error();
    if (!body->is_object()) return Error{"invalid_json", "the body must be a JSON object"};
    return std::move(*body);
}

// {"name": "..."} from a create or rename body.
Result<std::string> name_from(const PlainRequest& request) {
    auto body = body_object(request);
    if (!body) return body.error();
    return json_fields::string_at(*body, "name");
}

std::string param(const PlainRequest& request, const std::string& name) {
    auto it = request.params.find(name);
    return it == request.params.end() ? std::string() : it->second;
}

}  // namespace

SessionRoutes::SessionRoutes(services::SessionService& sessions, DemoScan demo_scan)
    : sessions_(sessions), demo_scan_(std::move(demo_scan)) {}

void SessionRoutes::handle(RouteId route, const PlainRequest& request, Respond respond) {
    const std::string id = param(request, "id");
    switch (route) {
        case RouteId::SessionCreate: {
            auto name = name_from(request);
            if (!name) return respond(fail(name.error(), name.error().code == "invalid_json" ? "" : "name"));
            auto created = sessions_.create(*name);
            if (!created) return respond(fail(created.error(), "name"));
            return respond(session_reply(created, 201));
        }
        case RouteId::SessionList: {
            auto sessions = sessions_.list();
            if (!sessions) return respond(fail(sessions.error()));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& session : *sessions) {
                if (request.only_sessions && !request.only_sessions->contains(session.id)) continue;
                list.push_back(model::to_json(session));
            }
            return respond({200, {{"sessions", list}}, {}, {}});
        }
        case RouteId::SessionGet:
            return respond(session_reply(sessions_.get(id)));
        case RouteId::SessionMe: {
            auto session = sessions_.get(id);
            if (!session) return respond(session_reply(session));
            if (session->jid.empty()) {
                return respond(PlainReply::error(
                    {409, {"not_linked", "the session is not linked to a WhatsApp account yet: start it and scan "
                                         "its QR code"}}));
            }
            return respond({200,
                            {{"jid", session->jid}, {"phone", session->phone}, {"push_name", session->push_name}},
                            {},
                            {}});
        }
        case RouteId::SessionUpdate: {
            // An unknown id is a 404 before any complaint about the body.
            if (auto found = sessions_.get(id); !found) return respond(session_reply(found));
            auto name = name_from(request);
            if (!name) return respond(fail(name.error(), name.error().code == "invalid_json" ? "" : "name"));
            auto renamed = sessions_.rename(id, *name);
            if (!renamed) {
                const bool about_name = renamed.error().code != "not_found";
                return respond(fail(renamed.error(), about_name ? "name" : "id"));
            }
            return respond(session_reply(renamed));
        }
        case RouteId::SessionDelete: {
            auto removed = sessions_.remove(id);
            if (!removed)
                return respond(fail(removed.error(), removed.error().code == "not_found" ? "id" : ""));
            return respond({200, {{"deleted", true}, {"id", id}}, {}, {}});
        }
        case RouteId::SessionStart:
            return respond(session_reply(sessions_.start(id)));
        case RouteId::SessionStop:
            return respond(session_reply(sessions_.stop(id)));
        case RouteId::SessionLogout:
            return respond(session_reply(sessions_.logout(id)));
        case RouteId::SessionHistory: {
            auto history = sessions_.history(id);
            if (!history)
                return respond(fail(history.error(), history.error().code == "not_found" ? "id" : ""));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& transition : *history) list.push_back(model::to_json(transition));
            return respond({200, {{"history", list}}, {}, {}});
        }
        case RouteId::SessionQr: {
            std::string format = "json";
            if (auto it = request.query.find("format"); it != request.query.end()) format = it->second;
            if (format != "json" && format != "png" && format != "svg" && format != "matrix") {
                return respond(fail({"invalid_field", "format must be json, png, svg or matrix"}, "format"));
            }
            auto qr = sessions_.current_qr(id);
            if (!qr) return respond(fail(qr.error(), qr.error().code == "not_found" ? "id" : ""));
            if (format == "json")
                return respond({200, {{"qr", qr->qr}, {"expires_at", qr->expires_at}}, {}, {}});
            auto matrix = qr_encode(qr->qr);
            if (!matrix) return respond(fail(matrix.error()));
            matrix->qr = qr->qr;
            matrix->expires_at = qr->expires_at;
            if (format == "matrix") return respond({200, model::to_json(*matrix), {}, {}});
            if (format == "svg") return respond({200, nullptr, "image/svg+xml", qr_svg(*matrix)});
            auto png = qr_png(*matrix);
            if (!png) return respond(fail(png.error()));
            return respond({200, nullptr, "image/png", std::move(*png)});
        }
        case RouteId::SessionDemoScan: {
            if (!demo_scan_) {
                return respond(PlainReply::error(
                    model::ApiError::not_found("demo scans exist only in demo mode (wagw serve --demo)")));
            }
            auto qr = sessions_.current_qr(id);
            if (!qr) return respond(fail(qr.error(), qr.error().code == "not_found" ? "id" : ""));
            demo_scan_(qr->qr, [respond](Result<nlohmann::json> scanned) {
                if (!scanned) {
                    // The simulator refused the code (expired, or already scanned): the session decides what
                    // next.
                    return respond(PlainReply::error({409, {"scan_refused", scanned.error().message}, {}}));
                }
                nlohmann::json body = *scanned;
                body["scanned"] = true;
                respond({200, body, {}, {}});
            });
            return;
        }
        case RouteId::SessionPairingCode: {
            if (auto found = sessions_.get(id); !found) return respond(session_reply(found));
            auto body = body_object(request);
            if (!body) return respond(fail(body.error()));
            auto typed = json_fields::string_at(*body, "phone");
            if (!typed) return respond(fail(typed.error(), "phone"));
            auto phone = phone::normalize(*typed);
            if (!phone) return respond(fail(phone.error(), "phone"));
            auto answer = [respond](Result<services::PairingCode> code) {
                if (!code) return respond(fail(code.error()));
                respond({200,
                         {{"code", code->code}, {"phone", code->phone}, {"expires_at", code->expires_at}},
                         {},
                         {}});
            };
            if (!demo_link_code_.add_phone) return sessions_.request_pairing_code(id, *phone, answer);
            // The demo's simulator only hands out codes for phones it knows.
            demo_link_code_.add_phone(*phone, [this, id, phone = *phone, answer](Status added) {
                if (!added) return answer(added.error());
                sessions_.request_pairing_code(id, phone, answer);
            });
            return;
        }
        case RouteId::SessionDemoEnterCode: {
            if (!demo_link_code_.enter_code) {
                return respond(PlainReply::error(
                    model::ApiError::not_found("demo phones exist only in demo mode (wagw serve --demo)")));
            }
            auto pending = sessions_.current_pairing_code(id);
            if (!pending)
                return respond(fail(pending.error(), pending.error().code == "not_found" ? "id" : ""));
            auto body = body_object(request);
            if (!body) return respond(fail(body.error()));
            auto code = json_fields::string_at(*body, "code");
            if (!code) return respond(fail(code.error(), "code"));
            demo_link_code_.enter_code(
                pending->phone, *code, [respond, phone = pending->phone](Status entered) {
                    if (!entered) {
                        const bool about_code = entered.error().code == "invalid_link_code";
                        return respond(PlainReply::error(
                            {about_code ? 400 : 409, entered.error(), about_code ? "code" : ""}));
                    }
                    respond({200, {{"entered", true}, {"phone", phone}}, {}, {}});
                });
            return;
        }
        default:  // routes answered elsewhere (the server itself, keys, messages, ...)
            break;
    }
    respond(PlainReply::error(model::ApiError::not_found("no such route")));
}

}  // namespace wagw::api
