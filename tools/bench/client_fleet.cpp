#include "tools/bench/client_fleet.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <thread>

namespace wagw::bench {
namespace {

namespace client = wa::client;
using Clock = std::chrono::steady_clock;

// The control API's own words for a refusal ({"error":{"code","message"}}), without echoing the request: a
// scan request carries the QR, whose ADV secret must not reach a log.
Error admin_refusal(const std::string& what, const AdminReply& reply) {
    std::string reason = "HTTP " + std::to_string(reply.status);
    auto body = nlohmann::json::parse(reply.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_object())
        reason += " " + body["error"].value("code", std::string()) + ": " +
                  body["error"].value("message", std::string());
    return Error{"admin_refused", what + ": " + reason};
}

// Every message the benchmark sends starts with this; anything else a client receives is counted apart.
constexpr std::string_view kBenchText = "bench message ";

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

struct ClientFleet::Member {
    std::size_t index = 0;
    std::string phone;
    std::filesystem::path dir;
    std::shared_ptr<client::WaClient> client;  // main thread only, while no phase runs
    std::atomic<bool> waiting{false};          // the current phase expects an outcome from this client
    std::atomic<bool> scanned{false};          // its phone scans the first QR only
};

ClientFleet::ClientFleet(asio::io_context& io, FleetOptions options, std::size_t count)
    : io_(io), options_(std::move(options)) {
    for (std::size_t i = 0; i < count; ++i) {
        auto member = std::make_unique<Member>();
        member->index = i;
        member->phone = options_.phone_prefix + std::to_string(1000000 + i);
        char name[32];
        std::snprintf(name, sizeof name, "%05zu", i);
        member->dir = options_.data_root / "clients" / name;
        members_.push_back(std::move(member));
    }
}

ClientFleet::~ClientFleet() = default;

Result<std::shared_ptr<client::WaClient>> ClientFleet::open_client(Member& member) {
    std::error_code ec;
    std::filesystem::create_directories(member.dir, ec);
    if (ec) return Error{"mkdir_failed", "cannot create " + member.dir.string() + ": " + ec.message()};
    client::WaClientOptions options;
    options.database_file = member.dir / "client.db";
    options.secret_box = options_.secret_box;
    options.account = "bench";
    options.server_url = options_.server_url;
    options.trust_root = options_.trust_root;
    options.payload.push_name = "bench " + std::to_string(member.index);
    options.initial_pre_keys = options_.initial_pre_keys;
    return client::WaClient::create(
        io_, std::move(options),
        [this, &member](const client::ClientEvent& event) { on_event(member, event); });
}

// Runs on the member's strand.
void ClientFleet::on_event(Member& member, const client::ClientEvent& event) {
    if (const auto* qr = std::get_if<client::QrCode>(&event)) {
        if (member.scanned.exchange(true)) return;
        admin_request(io_, options_.admin, "POST", "/admin/accounts/" + member.phone + "/scan",
                      nlohmann::json{{"qr", qr->code}}.dump(), [this, &member](Result<AdminReply> reply) {
                          if (!reply) return report(member, reply.error());
                          if (reply->status != 200) report(member, admin_refusal("scan", *reply));
                      });
    } else if (std::holds_alternative<client::Connected>(event)) {
        report(member, ok_status());
    } else if (const auto* received = std::get_if<client::MessageReceived>(&event)) {
        if (!received->from_me && received->text.starts_with(kBenchText))
            ++received_;
        else
            ++other_received_;  // e.g. the phone's protocol messages after linking (app-state key share)
    } else if (std::holds_alternative<client::MessageUndecryptable>(event)) {
        ++undecryptable_;
    } else if (const auto* error = std::get_if<client::PairError>(&event)) {
        report(member, Error{"pair_error", error->code + ": " + error->message});
    } else if (std::holds_alternative<client::QrTimeout>(event)) {
        report(member, Error{"qr_timeout", "no QR was scanned in time"});
    } else if (const auto* out = std::get_if<client::LoggedOut>(&event)) {
        report(member, Error{"logged_out", out->reason.message});
    } else if (const auto* down = std::get_if<client::Disconnected>(&event)) {
        using client::DisconnectKind;
        if (down->reason.kind == DisconnectKind::user_request) {
            report(member, ok_status());  // counted only while stop_all() waits
        } else if (down->reason.kind != DisconnectKind::restart_required) {  // 515 after pairing is expected
            ++unexpected_disconnects_;
            if (!down->will_reconnect) report(member, Error{"disconnected", down->reason.message});
        }
    }
}

// Any thread: the first outcome a phase gets from a member counts, later ones do not.
void ClientFleet::report(Member& member, const Status& outcome) {
    if (member.waiting.exchange(false)) tally_.finish(phase_.load(), outcome);
}

PhaseOutcome ClientFleet::run_starts(std::size_t parallel, std::chrono::seconds timeout,
                                     bool create_accounts) {
    const auto deadline = Clock::now() + timeout;
    const auto phase = tally_.begin(parallel);
    phase_ = phase;
    for (auto& entry : members_) {
        Member& member = *entry;
        if (!tally_.start_one(deadline)) break;
        if (create_accounts) {
            auto opened = open_client(member);
            if (!opened) {
                tally_.finish(phase, opened.error());
                continue;
            }
            member.client = std::move(*opened);
        }
        if (!member.client) {
            tally_.finish(phase,
                          Error{"not_open", "client " + std::to_string(member.index) + " is not open"});
            continue;
        }
        member.scanned = false;
        member.waiting = true;
        if (!create_accounts) {
            member.client->start();
            continue;
        }
        const auto account = nlohmann::json{{"phone", member.phone}, {"push_name", "bench phone"}}.dump();
        admin_request(io_, options_.admin, "POST", "/admin/accounts", account,
                      [this, &member](Result<AdminReply> reply) {
                          if (!reply) return report(member, reply.error());
                          if (reply->status != 201 && reply->status != 409)  // 409: kept from an earlier run
                              return report(member, admin_refusal("create account", *reply));
                          member.client->start();
                      });
    }
    PhaseOutcome outcome = tally_.end(deadline);
    for (auto& member : members_) member->waiting = false;
    return outcome;
}

PhaseOutcome ClientFleet::link_all(std::size_t parallel, std::chrono::seconds timeout) {
    return run_starts(parallel, timeout, true);
}

PhaseOutcome ClientFleet::login_all(std::size_t parallel, std::chrono::seconds timeout) {
    return run_starts(parallel, timeout, false);
}

PhaseOutcome ClientFleet::stop_all(std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    phase_ = tally_.begin(members_.size());
    for (auto& member : members_) {
        if (!member->client || !tally_.start_one(deadline)) continue;
        member->waiting = true;
        member->client->stop();
    }
    PhaseOutcome outcome = tally_.end(deadline);
    for (auto& member : members_) {
        member->waiting = false;
        member->client.reset();
    }
    return outcome;
}

PhaseOutcome ClientFleet::open_all() {
    const auto started = Clock::now();
    PhaseOutcome outcome;
    for (auto& member : members_) {
        auto opened = open_client(*member);
        if (opened) {
            member->client = std::move(*opened);
            ++outcome.ok;
        } else {
            ++outcome.failed;
            if (outcome.errors.empty()) outcome.errors.push_back(opened.error().message);
        }
    }
    outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return outcome;
}

MessageOutcome ClientFleet::send_messages(std::size_t total, std::size_t in_flight,
                                          std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const std::size_t count = members_.size();
    // Milliseconds since the phase began. Acks are written by the callbacks (io threads) and read here once
    // the phase ended; a late ack after a timeout may still write, hence atomics.
    struct Timing {
        double sent_ms = -1;
        std::atomic<double> acked_ms{-1};
    };
    auto timings = std::make_shared<std::vector<Timing>>(total);
    const auto began = Clock::now();
    const auto phase = tally_.begin(in_flight);
    for (std::size_t k = 0; k < total && count >= 2; ++k) {
        if (!tally_.start_one(deadline)) break;
        Member& sender = *members_[k % count];
        const Member& recipient = *members_[(k + 1) % count];
        if (!sender.client) {
            tally_.finish(phase, Error{"not_open", "sender is not open"});
            continue;
        }
        (*timings)[k].sent_ms = milliseconds_since(began);
        sender.client->send_text(
            recipient.phone, std::string(kBenchText) + std::to_string(k),
            [this, phase, k, began, timings](Result<client::WaClient::SentMessage> sent) {
                if (sent) (*timings)[k].acked_ms = milliseconds_since(began);
                tally_.finish(phase, sent ? ok_status() : Status(sent.error()));
            });
    }
    MessageOutcome outcome;
    outcome.acks = tally_.end(deadline);
    double first_end = 0, later_start = -1, later_end = 0;
    for (std::size_t k = 0; k < total; ++k) {
        const Timing& timing = (*timings)[k];
        const double acked = timing.acked_ms;
        if (acked < 0) continue;
        const bool first = k < count;
        (first ? outcome.first_latencies_ms : outcome.later_latencies_ms).push_back(acked - timing.sent_ms);
        if (first) {
            first_end = std::max(first_end, acked);
        } else {
            if (later_start < 0) later_start = timing.sent_ms;
            later_end = std::max(later_end, acked);
        }
    }
    if (first_end > 0)
        outcome.first_round_per_second = 1000.0 * outcome.first_latencies_ms.size() / first_end;
    if (later_end > later_start && later_start >= 0)
        outcome.later_per_second = 1000.0 * outcome.later_latencies_ms.size() / (later_end - later_start);
    return outcome;
}

std::size_t ClientFleet::wait_received(std::size_t count, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (received_ < count && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return received_;
}

}  // namespace wagw::bench
