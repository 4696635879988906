#pragma once
// The /api/sessions/{id}/messages handlers, free of Restinio (like session_routes.hpp): parse the request,
// call the MessageService, map its error codes to statuses and name the field at fault.
#include "backend/api/plain_http.hpp"
#include "backend/services/media_fetcher.hpp"
#include "backend/services/message_service.hpp"
#include "common/api/routes.hpp"

namespace wagw::api {

class MessageRoutes {
public:
    explicit MessageRoutes(services::MessageService& messages) : messages_(messages) {}

    static bool handles(RouteId id);
    void handle(RouteId id, const PlainRequest& request, Respond respond);
    // Lets sends name their file by media_url; unset, such sends are refused.
    void set_media_fetcher(services::MediaFetcher* fetcher, std::uint64_t max_bytes) {
        fetcher_ = fetcher;
        max_media_bytes_ = max_bytes;
    }

private:
    void send_from_url(const std::string& session, nlohmann::json body, const std::string& key,
                       Respond respond);

    services::MessageService& messages_;
    services::MediaFetcher* fetcher_ = nullptr;
    std::uint64_t max_media_bytes_ = 0;
};

}  // namespace wagw::api
