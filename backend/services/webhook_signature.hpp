#pragma once
// The signature every webhook delivery carries: X-Wagw-Signature: sha256=<hex HMAC-SHA256 of
// "<timestamp>.<body>"> keyed with the webhook's secret, and X-Wagw-Timestamp: <timestamp> (unix seconds).
// Signing the timestamp with the body lets a receiver refuse old deliveries replayed by someone else.
#include <cstdint>
#include <string>
#include <string_view>

namespace wagw::services {

std::string webhook_signature(std::string_view secret, std::int64_t timestamp_s, std::string_view body);

}  // namespace wagw::services
