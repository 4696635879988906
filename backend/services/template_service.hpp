#pragma once
// Message templates: CRUD with the body checked by the template engine at save time (so a campaign never
// meets a broken template), and previews that render exactly as a send would.
//
// Threads: HTTP handlers call in from any I/O thread; one mutex guards the service's own SQLite connection.
// Error codes: "not_found", "invalid_json", "missing_field", "invalid_field", "invalid_template" (with line
// and column), "name_taken", "idempotency_conflict", "database".
#include <functional>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/store/database.hpp"
#include "backend/store/template_repository.hpp"
#include "common/model/message_template.hpp"
#include "common/template/template.hpp"

namespace wagw::services {

// What went wrong, and where: the request field, and for template errors the line and column in it.
struct TemplateFailure {
    Error error;
    std::string field;
    int line = 0;  // 0: not a template error
    int column = 0;
};

template <class T>
using TemplateOutcome = std::variant<T, TemplateFailure>;

struct TemplateCreated {
    model::MessageTemplate tpl;
    bool replayed = false;  // an earlier create with the same Idempotency-Key
};

struct TemplatePreview {
    tmpl::Rendered rendered;
    bool spintax = false;
    std::string media_id;
};

class TemplateService {
public:
    using Clock = std::function<std::int64_t()>;  // unix ms
    // A stored contact's values by id; unset until contacts exist (preview then refuses contact_id).
    using ContactVars = std::function<Result<tmpl::TemplateVars>(const std::string& contact_id)>;

    TemplateService(store::Database db, Clock clock);

    void set_contact_vars(ContactVars lookup) { contact_vars_ = std::move(lookup); }

    // {"name","body","media_id"?}
    TemplateOutcome<TemplateCreated> create(const nlohmann::json& body, const std::string& idempotency_key);
    // Any of name, body, media_id (null removes the media).
    TemplateOutcome<model::MessageTemplate> update(const std::string& id, const nlohmann::json& body);
    Result<std::vector<model::MessageTemplate>> list();
    Result<model::MessageTemplate> get(const std::string& id);
    Status remove(const std::string& id);
    // {"template"|"template_id", "vars"?, "contact_id"?, "recipient"?, "tz"?, "at"?}
    TemplateOutcome<TemplatePreview> preview(const nlohmann::json& body);

    // The key spintax is chosen by for a recipient: a phone number in any common form becomes its E.164
    // digits (so "+49 151 ..." and "49151..." get the same variant); anything else (a contact id) is used as
    // given. Campaigns must use this too, or a preview would not match the send.
    static std::string recipient_key(const std::string& recipient);

private:
    TemplateOutcome<model::MessageTemplate> validated(model::MessageTemplate tpl, const nlohmann::json& body,
                                                      bool creating);

    std::mutex mutex_;
    store::Database db_;
    store::TemplateRepository repository_;
    Clock clock_;
    ContactVars contact_vars_;
};

}  // namespace wagw::services
