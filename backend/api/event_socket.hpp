#pragma once
// One live /api/events connection, served by the project's own RFC 6455 code rather than the HTTP library's:
// ours refuses a frame whose claimed length is over the limit before allocating it (close 1009), answers only
// the latest of many pings, and bounds what waits to be written, so a client that never reads is dropped with
// a reason instead of growing the gateway's memory.
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "backend/api/event_hub.hpp"
#include "backend/services/event_log.hpp"
#include "backend/wa/transport/http_upgrade.hpp"

namespace wagw::api {

struct EventSocketLimits {
    // Clients send nothing but pings and a close; anything larger is a mistake or an attack.
    std::size_t max_client_message = 4096;
    // Events accepted for one socket but not yet written. A consumer this far behind is disconnected (1008).
    std::size_t max_queued_bytes = std::size_t{1} << 20;
    // Live events held back while a replay is still being sent; more means the consumer cannot catch up.
    std::size_t max_held_live_events = 20'000;
};

// What one connection asked for: ?types=&session= (also applied to the replay) and ?since=.
struct EventSubscription {
    model::EventFilter filter;
    std::optional<std::uint64_t> since;  // replay every stored event after this id first
};

// Writes the 101 reply on `socket` (already checked as a valid upgrade request carrying `client_key`), then
// sends `hello_text`, then (with `since` and a `log`) an "events.gap" event when events after `since` were
// pruned and every stored event after `since`, then every event published on `hub`, with no gap and no
// duplicate between the replay and the live events, until either side closes. `keep_alive` is held until the
// connection ends (the HTTP server's connection slot, the principal's socket quota).
void run_event_socket(asio::io_context& io, asio::ip::tcp::socket socket, wa::transport::HttpHead request,
                      const std::string& client_key, EventHub& hub, services::EventLog* log,
                      EventSubscription subscription, std::string hello_text,
                      std::shared_ptr<void> keep_alive, EventSocketLimits limits = {});

}  // namespace wagw::api
