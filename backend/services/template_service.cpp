#include "backend/services/template_service.hpp"

#include "backend/services/iana_time_zone.hpp"
#include "backend/services/random_text.hpp"
#include "common/phone/phone_number.hpp"

namespace wagw::services {
namespace {

// WhatsApp refuses longer texts; a template that long is a mistake, not a message.
constexpr std::size_t kMaxBodyBytes = 32 * 1024;
constexpr std::size_t kMaxNameChars = 100;

TemplateFailure failure(std::string code, std::string message, std::string field) {
    return {{std::move(code), std::move(message)}, std::move(field)};
}

TemplateFailure database_failure(const Error& error) {
    return {error, {}};
}

std::size_t characters(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

std::optional<TemplateFailure> unknown_field(const nlohmann::json& body,
                                             std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : body.items()) {
        bool listed = false;
        for (std::string_view name : known) listed = listed || key == name;
        if (!listed) return failure("invalid_field", "unknown field \"" + key + "\"", key);
    }
    return std::nullopt;
}

// The body parsed, or the engine's error with its line and column.
TemplateOutcome<tmpl::Template> parsed_body(const std::string& text, const std::string& field) {
    auto parsed = tmpl::Template::parse(text);
    if (auto* error = std::get_if<tmpl::TemplateError>(&parsed)) {
        TemplateFailure fail = failure("invalid_template", field + ", " + error->message(), field);
        fail.line = error->line;
        fail.column = error->column;
        return fail;
    }
    return std::get<tmpl::Template>(std::move(parsed));
}

// "vars" values as text: strings as they are, numbers and booleans as JSON writes them, null as absent.
TemplateOutcome<tmpl::TemplateVars> vars_from(const nlohmann::json& body) {
    tmpl::TemplateVars vars;
    if (!body.contains("vars") || body["vars"].is_null()) return vars;
    const auto& given = body["vars"];
    if (!given.is_object())
        return failure("invalid_field", "vars must be an object of names to values", "vars");
    for (const auto& [key, value] : given.items()) {
        if (value.is_null()) continue;
        if (value.is_object() || value.is_array())
            return failure("invalid_field", "vars." + key + " must be text or a number", "vars");
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        const std::string lower = tmpl::ascii_lower(key);
        if (lower == "name") vars.name = text;
        if (lower == "phone") vars.phone = text;
        vars.fields[key] = text;
    }
    return vars;
}

}  // namespace

TemplateService::TemplateService(store::Database db, Clock clock)
    : db_(std::move(db)), repository_(db_), clock_(std::move(clock)) {}

std::string TemplateService::recipient_key(const std::string& recipient) {
    if (auto digits = phone::normalize(recipient)) return *digits;
    return recipient;
}

TemplateOutcome<model::MessageTemplate> TemplateService::validated(model::MessageTemplate tpl,
                                                                   const nlohmann::json& body,
                                                                   bool creating) {
    if (!body.is_object()) return failure("invalid_json", "the body must be a JSON object", "");
    if (auto unknown = unknown_field(body, {"name", "body", "media_id"})) return *unknown;
    if (body.contains("name")) {
        if (!body["name"].is_string()) return failure("invalid_field", "name must be text", "name");
        tpl.name = body["name"].get<std::string>();
        const auto begin = tpl.name.find_first_not_of(" \t\r\n");
        tpl.name = begin == std::string::npos
                       ? ""
                       : tpl.name.substr(begin, tpl.name.find_last_not_of(" \t\r\n") - begin + 1);
        if (tpl.name.empty() || characters(tpl.name) > kMaxNameChars)
            return failure("invalid_field", "name must be 1 to 100 characters", "name");
    } else if (creating) {
        return failure("missing_field", "name is required", "name");
    }
    if (body.contains("body")) {
        if (!body["body"].is_string()) return failure("invalid_field", "body must be text", "body");
        tpl.body = body["body"].get<std::string>();
        if (tpl.body.empty()) return failure("invalid_field", "body must not be empty", "body");
        if (tpl.body.size() > kMaxBodyBytes)
            return failure("invalid_field", "body must be at most 32 KiB", "body");
        auto parsed = parsed_body(tpl.body, "body");
        if (auto* fail = std::get_if<TemplateFailure>(&parsed)) return *fail;
    } else if (creating) {
        return failure("missing_field", "body is required", "body");
    }
    if (body.contains("media_id")) {
        const auto& media = body["media_id"];
        if (media.is_null()) {
            tpl.media_id.clear();
        } else if (!media.is_string() || !media.get<std::string>().starts_with("med_")) {
            return failure("invalid_field",
                           "media_id must be an id from POST /api/sessions/{id}/media (med_...)", "media_id");
        } else {
            tpl.media_id = media.get<std::string>();
        }
    }
    return tpl;
}

TemplateOutcome<TemplateCreated> TemplateService::create(const nlohmann::json& body,
                                                         const std::string& idempotency_key) {
    auto checked = validated({}, body, true);
    if (auto* fail = std::get_if<TemplateFailure>(&checked)) return *fail;
    auto tpl = std::get<model::MessageTemplate>(std::move(checked));
    std::lock_guard lock(mutex_);
    if (!idempotency_key.empty()) {
        auto earlier = repository_.find_by_idempotency_key(idempotency_key);
        if (!earlier) return database_failure(earlier.error());
        if (*earlier) {
            const auto& first = **earlier;
            if (first.name != tpl.name || first.body != tpl.body || first.media_id != tpl.media_id)
                return failure("idempotency_conflict",
                               "this Idempotency-Key was used for a different template", "");
            return TemplateCreated{first, true};
        }
    }
    auto same_name = repository_.find_by_name(tpl.name);
    if (!same_name) return database_failure(same_name.error());
    if (*same_name) return failure("name_taken", "a template named \"" + tpl.name + "\" exists", "name");
    tpl.id = "tpl_" + random_hex(8);
    tpl.created_at = tpl.updated_at = clock_();
    if (auto stored = repository_.insert(tpl, idempotency_key); !stored)
        return database_failure(stored.error());
    return TemplateCreated{std::move(tpl), false};
}

TemplateOutcome<model::MessageTemplate> TemplateService::update(const std::string& id,
                                                                const nlohmann::json& body) {
    std::lock_guard lock(mutex_);
    auto found = repository_.find(id);
    if (!found) return database_failure(found.error());
    if (!*found) return failure("not_found", "no template " + id, "id");
    auto checked = validated(**found, body, false);
    if (auto* fail = std::get_if<TemplateFailure>(&checked)) return *fail;
    auto tpl = std::get<model::MessageTemplate>(std::move(checked));
    auto same_name = repository_.find_by_name(tpl.name);
    if (!same_name) return database_failure(same_name.error());
    if (*same_name && (*same_name)->id != id)
        return failure("name_taken", "a template named \"" + tpl.name + "\" exists", "name");
    tpl.updated_at = clock_();
    if (auto stored = repository_.update(tpl); !stored) return database_failure(stored.error());
    return tpl;
}

Result<std::vector<model::MessageTemplate>> TemplateService::list() {
    std::lock_guard lock(mutex_);
    return repository_.list();
}

Result<model::MessageTemplate> TemplateService::get(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto found = repository_.find(id);
    if (!found) return found.error();
    if (!*found) return Error{"not_found", "no template " + id};
    return **found;
}

Status TemplateService::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto removed = repository_.remove(id);
    if (!removed) return removed.error();
    if (!*removed) return Error{"not_found", "no template " + id};
    return ok_status();
}

TemplateOutcome<TemplatePreview> TemplateService::preview(const nlohmann::json& body) {
    if (!body.is_object()) return failure("invalid_json", "the body must be a JSON object", "");
    if (auto unknown =
            unknown_field(body, {"template", "template_id", "vars", "contact_id", "recipient", "tz", "at"}))
        return *unknown;
    const bool inline_text = body.contains("template"), stored = body.contains("template_id");
    if (inline_text == stored)
        return failure(inline_text ? "invalid_field" : "missing_field",
                       "give either template (the text) or template_id", "template");
    TemplatePreview preview;
    std::string source;
    std::string field = "template";
    if (stored) {
        if (!body["template_id"].is_string())
            return failure("invalid_field", "template_id must be text", "template_id");
        auto found = get(body["template_id"].get<std::string>());
        if (!found) return TemplateFailure{found.error(), "template_id"};
        source = found->body;
        preview.media_id = found->media_id;
        field = "template_id";
    } else {
        if (!body["template"].is_string())
            return failure("invalid_field", "template must be text", "template");
        source = body["template"].get<std::string>();
        if (source.size() > kMaxBodyBytes)
            return failure("invalid_field", "template must be at most 32 KiB", "template");
    }
    auto parsed = parsed_body(source, field);
    if (auto* fail = std::get_if<TemplateFailure>(&parsed)) return *fail;
    const auto& tpl = std::get<tmpl::Template>(parsed);

    auto vars_outcome = vars_from(body);
    if (auto* fail = std::get_if<TemplateFailure>(&vars_outcome)) return *fail;
    auto vars = std::get<tmpl::TemplateVars>(std::move(vars_outcome));
    if (body.contains("contact_id")) {
        if (!body["contact_id"].is_string())
            return failure("invalid_field", "contact_id must be text", "contact_id");
        if (!contact_vars_)
            return failure("invalid_field", "this gateway does not store contacts yet", "contact_id");
        auto contact = contact_vars_(body["contact_id"].get<std::string>());
        if (!contact) return TemplateFailure{contact.error(), "contact_id"};
        // Explicit vars override the contact's own values, to try a template with a changed field.
        for (auto& [key, value] : vars.fields) contact->fields[key] = value;
        if (!vars.name.empty()) contact->name = vars.name;
        if (!vars.phone.empty()) contact->phone = vars.phone;
        vars = std::move(*contact);
    }
    std::string key;
    if (body.contains("recipient")) {
        if (!body["recipient"].is_string())
            return failure("invalid_field", "recipient must be text", "recipient");
        key = recipient_key(body["recipient"].get<std::string>());
        if (vars.phone.empty() && phone::normalize(body["recipient"].get<std::string>())) vars.phone = key;
    } else if (body.contains("contact_id")) {
        key = recipient_key(vars.phone.empty() ? body["contact_id"].get<std::string>() : vars.phone);
    }

    std::string zone_name = "UTC";
    if (body.contains("tz")) {
        if (!body["tz"].is_string())
            return failure("invalid_field", "tz must be an IANA time zone name", "tz");
        zone_name = body["tz"].get<std::string>();
    }
    auto zone = iana_time_zone(zone_name);
    if (!zone) return failure("invalid_field", zone.error().message, "tz");
    std::int64_t at = clock_();
    if (body.contains("at")) {
        if (!body["at"].is_number_integer())
            return failure("invalid_field", "at must be a time in unix milliseconds", "at");
        at = body["at"].get<std::int64_t>();
    }
    preview.rendered = tpl.render({vars, key, at, **zone});
    preview.spintax = tpl.has_spintax();
    return preview;
}

}  // namespace wagw::services
