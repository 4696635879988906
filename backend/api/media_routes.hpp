#pragma once
// The /api/sessions/:id/media handlers, free of Restinio (plain_http.hpp): upload (raw or multipart), fetch a
// URL into the store, and download a stored file. Disk work runs on the media worker queue, never on the I/O
// thread that brought the request; replies go out from there.
#include <functional>
#include <string>

#include "backend/api/plain_http.hpp"
#include "backend/services/media_fetcher.hpp"
#include "backend/services/media_store.hpp"
#include "backend/services/work_queue.hpp"

namespace wagw::api {

using SessionExists = std::function<bool(const std::string& session_id)>;

class MediaRoutes {
public:
    MediaRoutes(services::MediaStore& store, services::MediaFetcher& fetcher, services::WorkQueue& disk,
                SessionExists session_exists);

    static bool handles(RouteId id);
    // Calls `respond` exactly once, later, from a worker thread (or now, for a refused request).
    void handle(RouteId id, const PlainRequest& request, Respond respond);

private:
    void upload(const std::string& session_id, const PlainRequest& request, Respond respond);
    void fetch(const std::string& session_id, const PlainRequest& request, Respond respond);
    void download(const std::string& session_id, const PlainRequest& request, Respond respond);

    services::MediaStore& store_;
    services::MediaFetcher& fetcher_;
    services::WorkQueue& disk_;
    SessionExists session_exists_;
};

// {"media_id","sha256","size","mimetype","file_name"}
nlohmann::json media_json(const services::MediaInfo& media);

}  // namespace wagw::api
