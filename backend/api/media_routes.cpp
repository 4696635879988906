#include "backend/api/media_routes.hpp"

#include <memory>

#include "backend/api/multipart.hpp"
#include "backend/services/media_type.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::api {
namespace {

std::string value_of(const std::map<std::string, std::string>& map, const std::string& name) {
    auto it = map.find(name);
    return it == map.end() ? std::string() : it->second;
}

PlainReply error(int status, std::string code, std::string message, std::string field = {}) {
    return PlainReply::error({status, {std::move(code), std::move(message)}, std::move(field)});
}

// The store's and the fetcher's error codes as HTTP answers; `field` is the input at fault.
PlainReply failure(const Error& failed, const std::string& field) {
    if (failed.code == "empty") return error(400, "missing_field", failed.message, field);
    if (failed.code == "too_large")
        return error(field == "url" ? 400 : 413, "too_large", failed.message, field);
    if (failed.code == "not_found") return error(404, "not_found", failed.message, field);
    if (failed.code == "invalid_url" || failed.code == "address_refused" || failed.code == "fetch_failed")
        return error(400, failed.code, failed.message, field);
    return PlainReply::error(model::ApiError::internal("the media store failed: " + failed.message));
}

}  // namespace

nlohmann::json media_json(const services::MediaInfo& media) {
    return {{"media_id", media.media_id},
            {"sha256", media.sha256},
            {"size", media.size},
            {"mimetype", media.mimetype},
            {"file_name", media.file_name}};
}

MediaRoutes::MediaRoutes(services::MediaStore& store, services::MediaFetcher& fetcher,
                         services::WorkQueue& disk, SessionExists session_exists)
    : store_(store), fetcher_(fetcher), disk_(disk), session_exists_(std::move(session_exists)) {}

bool MediaRoutes::handles(RouteId id) {
    return id == RouteId::MediaUpload || id == RouteId::MediaFetch || id == RouteId::MediaGet;
}

void MediaRoutes::handle(RouteId id, const PlainRequest& request, Respond respond) {
    const std::string session_id = value_of(request.params, "id");
    if (!session_exists_(session_id))
        return respond(error(404, "not_found", "no session " + session_id, "id"));
    switch (id) {
        case RouteId::MediaUpload:
            return upload(session_id, request, std::move(respond));
        case RouteId::MediaFetch:
            return fetch(session_id, request, std::move(respond));
        case RouteId::MediaGet:
            return download(session_id, request, std::move(respond));
        default:
            respond(PlainReply::error(model::ApiError::not_found("no such route")));
    }
}

void MediaRoutes::upload(const std::string& session_id, const PlainRequest& request, Respond respond) {
    const std::string content_type = value_of(request.headers, "content-type");
    std::string file_name = value_of(request.query, "filename");
    std::string declared_type = content_type;
    auto bytes = std::make_shared<std::string>();
    std::string field = "body";
    if (content_type.find("multipart/") != std::string::npos) {
        field = "file";
        auto boundary = multipart_boundary(content_type);
        if (!boundary)
            return respond(error(400, boundary.error().code, boundary.error().message, "Content-Type"));
        auto part = read_multipart_file(request.body, *boundary);
        if (!part) return respond(error(400, part.error().code, part.error().message, "file"));
        *bytes = std::string(part->bytes);
        declared_type = part->content_type;
        if (file_name.empty()) file_name = part->file_name;
    } else {
        if (file_name.empty())
            file_name = header_parameter(value_of(request.headers, "content-disposition"), "filename");
        *bytes = request.body;
    }
    if (bytes->empty()) {
        return respond(error(
            400, "missing_field",
            field == "file" ? "the file part is empty" : "the body is empty: send the file's bytes", field));
    }
    if (file_name.size() > 255)
        return respond(error(400, "invalid_field", "the file name is longer than 255 bytes", "filename"));
    const std::string mimetype = services::choose_mimetype(declared_type, *bytes);
    disk_.post([this, session_id, bytes, mimetype, file_name, field, respond = std::move(respond)] {
        auto stored = store_.put(session_id, *bytes, mimetype, file_name);
        if (!stored) return respond(failure(stored.error(), field));
        respond({201, media_json(*stored), {}, {}});
    });
}

void MediaRoutes::fetch(const std::string& session_id, const PlainRequest& request, Respond respond) {
    auto body = json_fields::parse(request.body);
    if (!body) return respond(error(400, body.error().code, body.error().message));
    if (!body->is_object()) return respond(error(400, "invalid_json", "the body must be a JSON object"));
    auto url = json_fields::string_at(*body, "url");
    if (!url) return respond(error(400, url.error().code, url.error().message, "url"));
    fetcher_.fetch(session_id, *url, store_.max_file_bytes(), [respond = std::move(respond)](auto stored) {
        if (!stored) return respond(failure(stored.error(), "url"));
        respond({201, media_json(*stored), {}, {}});
    });
}

void MediaRoutes::download(const std::string& session_id, const PlainRequest& request, Respond respond) {
    const std::string media_id = value_of(request.params, "media_id");
    disk_.post([this, session_id, media_id, respond = std::move(respond)] {
        auto blob = store_.open(session_id, media_id);
        if (!blob) return respond(failure(blob.error(), "media_id"));
        respond({200, nullptr, blob->info.mimetype, std::move(blob->bytes)});
    });
}

}  // namespace wagw::api
