#pragma once
// The media endpoints on the simulator's port (protocol.md §9.4):
//   POST /mms/<type>/<token>?auth=<AUTH>&token=<token>   body = encrypted blob -> {"url","direct_path"}
//   GET  <direct path>[?anything]                         -> the blob
// AUTH must be the token handed out in media_conn (handlers/media_conn). Served on the simulator's strand.
#include <memory>
#include <string>

#include "backend/wa/transport/websocket_server.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

bool is_media_path(std::string_view path);
wa::transport::HttpResponse serve_media(SimulatorContext& context, const wa::transport::HttpRequest& request);

}  // namespace wagw::wasim
