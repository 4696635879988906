#pragma once
// The /api/templates handlers, free of Restinio (like message_routes.hpp): parse the request, call the
// TemplateService, map its error codes to statuses. A template error also carries "line" and "column" beside
// the usual {"code","message","field"}, so that an editor can put the cursor on it.
#include "backend/api/plain_http.hpp"
#include "backend/services/template_service.hpp"
#include "common/api/routes.hpp"

namespace wagw::api {

class TemplateRoutes {
public:
    explicit TemplateRoutes(services::TemplateService& templates) : templates_(templates) {}

    static bool handles(RouteId id);
    void handle(RouteId id, const PlainRequest& request, Respond respond);

private:
    services::TemplateService& templates_;
};

}  // namespace wagw::api
