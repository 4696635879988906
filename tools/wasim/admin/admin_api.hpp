#pragma once
// The JSON control API under /admin/ (tests and tooling drive the simulated world through it):
//   POST   /admin/accounts                      {"phone","push_name"} -> 201 account
//   GET    /admin/accounts                      -> [account]
//   GET    /admin/accounts/{phone}              -> account (devices, linked companions)
//   POST   /admin/accounts/{phone}/scan         {"qr"} -> the phone scans a companion's QR
//   GET    /admin/accounts/{phone}/messages     -> what its phone received, decrypted
//   (admin/phone_requests.hpp) POST   /admin/accounts/{phone}/messages
//   {"to","text"|"media"|"reaction"|"revoke"} -> the phone sends it
//                                               E2E; "media": {"type","data_base64","mimetype",["caption"],
//                                               ["file_name"],["ptt"]} is uploaded to the media store first
//   POST   /admin/accounts/{phone}/read         {"ids"} -> the phone sends read receipts
//   POST   /admin/accounts/{phone}/black-hole   -> its devices' current connections go silent, left open
//                                               (zombie links); {"phone","connections"}
//   POST   /admin/accounts/{phone}/link-code    {"code"} -> the phone user enters a companion's link code
//   POST   /admin/accounts/{phone}/devices      {"noise_public","identity_public"} (hex) -> a companion
//   linked
//                                               directly, for load generators
//   DELETE /admin/accounts/{phone}/devices/{n}  -> the phone unlinks companion n
//   POST   /admin/mock-phone/scan-qr            raw QR text -> pairs with the account named after the
//   client's
//                                               push name (a new account when it sent none); a new account
//                                               owns a group named --starter-group when that is set
//   POST   /admin/faults                        {"drop_all", "drop_fraction_per_second", "latency_ms",
//                                                "refuse_logins"} -> the fault plan now in force
//   DELETE /admin/faults                        -> no faults
//   GET|PUT /admin/group-addressing              {"addressing":"lid"|"pn"} -> how groups created from now on
//                                               address their members (wasim --group-addressing; default lid)
//   GET    /admin/stats                         -> connections, stanzas in/out, totals and per-second rates,
//                                               messages_refused_bad_id (handlers/messages.hpp)
// Errors: {"error":{"code","message"}} with 400/404/409, 401 without the admin token when one is set (every
// request then needs "Authorization: Bearer TOKEN"), 500 when a handler failed unexpectedly. Every JSON field
// is read through common/util/json_fields.hpp (type-checked, no exceptions), and admin/http_boundary.hpp
// turns any exception that still escapes a handler into an answer. Requests arrive on I/O threads and are
// served on the simulator's strand.
#include <chrono>
#include <memory>
#include <string>

#include "backend/wa/transport/websocket_server.hpp"

namespace wagw::wasim {

class Simulator;

struct SimulatorContext;

class AdminApi : public std::enable_shared_from_this<AdminApi> {
public:
    // An empty `admin_token` leaves the API open (the standalone test simulator on loopback).
    AdminApi(std::weak_ptr<Simulator> simulator, std::string admin_token)
        : simulator_(std::move(simulator)), admin_token_(std::move(admin_token)) {}
    void handle(wa::transport::HttpRequest request, wa::transport::HttpResponder respond);

    // Counters at the previous /admin/stats call: per-second rates cover the time since then.
    struct StatsSample {
        std::chrono::steady_clock::time_point at = std::chrono::steady_clock::now();
        std::uint64_t stanzas_in = 0, stanzas_out = 0, messages = 0;
    };

private:
    // Runs on the simulator's strand.
    wa::transport::HttpResponse route(SimulatorContext& context, const wa::transport::HttpRequest& request);

    std::weak_ptr<Simulator> simulator_;
    const std::string admin_token_;
    StatsSample stats_sample_;  // simulator strand only
};

}  // namespace wagw::wasim
