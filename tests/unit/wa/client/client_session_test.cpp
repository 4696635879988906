// WaClient end to end against FakeWhatsAppServer: real sockets, Noise with a certificate chain from a test
// root, ADV signatures, SQLite. Each test runs the io_context on one background thread.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "backend/wa/client/wa_client.hpp"
#include "fake_server.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace wagw::wa;
using namespace wagw::wa::client;
using namespace std::chrono_literals;

namespace {

// Collects events from the client's strand; the test thread waits for them.
class EventLog {
public:
    // The handler shares the log's state: a client may still emit (e.g. Disconnected after stop()) on the io
    // thread after the test's log object is gone.
    EventHandler handler() {
        return [state = state_](const ClientEvent& event) {
            std::lock_guard lock(state->mutex);
            state->events.push_back(event);
            state->changed.notify_all();
        };
    }
    // The first event of type T not yet taken, waiting up to `timeout`.
    template <class T>
    std::optional<T> next(std::chrono::milliseconds timeout = 10s) {
        std::unique_lock lock(state_->mutex);
        std::optional<T> found;
        state_->changed.wait_for(lock, timeout, [&] {
            for (std::size_t i = taken_; i < state_->events.size(); ++i) {
                if (const T* event = std::get_if<T>(&state_->events[i])) {
                    found = *event;
                    taken_ = i + 1;
                    return true;
                }
            }
            return false;
        });
        return found;
    }
    std::string dump() {
        std::lock_guard lock(state_->mutex);
        std::string out;
        for (const auto& e : state_->events) out += to_json(e) + "\n";
        return out;
    }

private:
    struct State {
        std::mutex mutex;
        std::condition_variable changed;
        std::vector<ClientEvent> events;
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
    std::size_t taken_ = 0;
};

struct Harness {
    TestDir dir;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    test::FakeWhatsAppServer server{io};
    std::thread thread{[this] { io.run(); }};
    std::shared_ptr<const store::SecretBox> box;

    Harness() {
        auto opened = store::SecretBox::from_key_file(dir.path() / "master.key");
        box = std::make_shared<store::SecretBox>(std::move(*opened));
    }
    ~Harness() {
        work.reset();
        io.stop();
        thread.join();
    }

    WaClientOptions options() {
        WaClientOptions o;
        o.database_file = dir.path() / "client.db";
        o.secret_box = box;
        o.account = "main";
        o.server_url = server.url();
        o.trust_root = server.trust_root();
        o.backoff = BackoffPolicy{50ms, 500ms, 0.1};
        return o;
    }

    std::shared_ptr<WaClient> client(EventLog& log, WaClientOptions o) {
        auto made = WaClient::create(io, std::move(o), log.handler());
        REQUIRE(made.ok());
        return *made;
    }

    // QR -> scan -> pair-success -> 515 -> login; returns the linked client, running.
    std::shared_ptr<WaClient> link(EventLog& log) {
        auto c = client(log, options());
        c->start();
        auto qr = log.next<QrCode>();
        REQUIRE(qr);
        server.scan(qr->code);
        REQUIRE(log.next<PairSuccess>());
        auto connected = log.next<Connected>();
        INFO(log.dump());
        REQUIRE(connected);
        return c;
    }
};

}  // namespace

TEST_CASE(
    "pairs by QR, restarts after 515, logs in and uploads 812 pre-keys; a restart logs in from SQLite") {
    Harness h;
    EventLog log;
    auto c = h.client(log, h.options());
    c->start();

    auto qr = log.next<QrCode>();
    REQUIRE(qr);
    CHECK(qr->index == 0);
    CHECK(qr->valid_for_ms == 60000);
    CHECK(qr->code.rfind("https://wa.me/settings/linked_devices#ref-0,", 0) == 0);
    h.server.scan(qr->code);

    auto paired = log.next<PairSuccess>();
    REQUIRE(paired);
    CHECK(paired->jid == h.server.phone_jid);
    CHECK(paired->lid == h.server.phone_lid);
    CHECK(paired->platform == "android");

    auto restart = log.next<Disconnected>();
    REQUIRE(restart);
    CHECK(restart->reason.kind == DisconnectKind::restart_required);
    CHECK(restart->will_reconnect);
    CHECK(restart->retry_in_ms == 0);

    auto uploaded = log.next<PreKeysUploaded>();
    REQUIRE(uploaded);
    CHECK(uploaded->count == 812);
    auto connected = log.next<Connected>();
    INFO(log.dump());
    REQUIRE(connected);
    CHECK(connected->jid == h.server.phone_jid);
    CHECK(h.server.device_signature_verified());
    CHECK(h.server.registrations() == 1);
    CHECK(h.server.logins() == 1);
    CHECK(h.server.pre_keys_uploaded() == 812);

    c->stop();
    auto stopped = log.next<Disconnected>();
    REQUIRE(stopped);
    CHECK(stopped->reason.kind == DisconnectKind::user_request);
    CHECK_FALSE(stopped->will_reconnect);
    c.reset();

    // A new client on the same database logs in without a QR and without re-uploading pre-keys.
    EventLog again;
    auto restarted = h.client(again, h.options());
    REQUIRE(restarted->linked());
    restarted->start();
    REQUIRE(again.next<Connected>());
    CHECK(h.server.logins() == 2);
    CHECK(h.server.registrations() == 1);
    CHECK(h.server.pre_keys_uploaded() == 812);
    CHECK_FALSE(again.next<QrCode>(100ms));
    CHECK(h.server.signed_pre_key_rotations() == 0);  // the signed pre-key is fresh from the registration
    restarted->stop();
}

TEST_CASE("a pair-success that fails the HMAC check is refused and nothing is stored") {
    Harness h;
    EventLog log;
    auto c = h.client(log, h.options());
    c->start();
    auto qr = log.next<QrCode>();
    REQUIRE(qr);
    h.server.scan(qr->code, /*tamper=*/true);
    auto error = log.next<PairError>();
    REQUIRE(error);
    CHECK(error->code == "hmac-mismatch");
    CHECK_FALSE(log.next<PairSuccess>(300ms));
    for (int i = 0; i < 50 && h.server.pair_errors().empty(); ++i) std::this_thread::sleep_for(20ms);
    CHECK(h.server.pair_errors() == std::vector<std::string>{"401 hmac-mismatch"});
    c->stop();
    c.reset();
    EventLog reopened_log;
    CHECK_FALSE(h.client(reopened_log, h.options())->linked());
}

TEST_CASE("QR codes rotate through the refs and then time out without reconnecting") {
    Harness h;
    EventLog log;
    auto o = h.options();
    o.qr_validity = [](int index) { return index == 0 ? 150ms : 50ms; };
    auto c = h.client(log, o);
    c->start();
    for (int i = 0; i < 3; ++i) {
        auto qr = log.next<QrCode>();
        REQUIRE(qr);
        CHECK(qr->index == i);
        CHECK(qr->valid_for_ms == (i == 0 ? 150 : 50));
        CHECK(qr->code.find("#ref-" + std::to_string(i) + ",") != std::string::npos);
    }
    REQUIRE(log.next<QrTimeout>());
    auto ended = log.next<Disconnected>();
    REQUIRE(ended);
    CHECK(ended->reason.kind == DisconnectKind::qr_timeout);
    CHECK_FALSE(ended->will_reconnect);
    CHECK_FALSE(log.next<QrCode>(300ms));
    CHECK(h.server.registrations() == 1);
}

TEST_CASE("the phone removing the device wipes the credentials and emits LoggedOut") {
    Harness h;
    EventLog log;
    auto c = h.link(log);
    h.server.push(binary::Node{
        "stream:error",
        {{"code", std::string("401")}},
        binary::Children{binary::Node{"conflict", {{"type", std::string("device_removed")}}, {}}}});
    auto out = log.next<LoggedOut>();
    REQUIRE(out);
    CHECK(out->reason.kind == DisconnectKind::logged_out);
    CHECK_FALSE(log.next<Disconnected>(300ms));  // LoggedOut replaces Disconnected: no reconnect
    c.reset();
    EventLog reopened_log;
    CHECK_FALSE(h.client(reopened_log, h.options())->linked());
}

TEST_CASE("logout tells the server, wipes the credentials and emits LoggedOut") {
    Harness h;
    EventLog log;
    auto c = h.link(log);
    std::promise<Status> told;
    c->logout([&](Status s) { told.set_value(s); });
    auto future = told.get_future();
    REQUIRE(future.wait_for(5s) == std::future_status::ready);
    CHECK(future.get().ok());
    CHECK(h.server.removed_companion());
    auto out = log.next<LoggedOut>();
    REQUIRE(out);
    CHECK(out->reason.kind == DisconnectKind::user_request);
    c.reset();
    EventLog reopened_log;
    CHECK_FALSE(h.client(reopened_log, h.options())->linked());
}

TEST_CASE("unanswered keepalive pings count as a dead connection; the client reconnects") {
    Harness h;
    EventLog log;
    auto o = h.options();
    o.keepalive_min = 50ms;
    o.keepalive_max = 80ms;
    o.iq_timeout = 150ms;
    o.max_missed_pings = 2;
    // Link with the defaults, then restart with quick pings.
    {
        EventLog link_log;
        auto c = h.link(link_log);
        c->stop();
        REQUIRE(link_log.next<Disconnected>());
    }
    auto c = h.client(log, o);
    c->start();
    REQUIRE(log.next<Connected>());
    h.server.set_answer_pings(false);
    auto dropped = log.next<Disconnected>(5s);
    REQUIRE(dropped);
    CHECK(dropped->reason.kind == DisconnectKind::connection_lost);
    CHECK(dropped->reason.code == "keepalive");
    CHECK(dropped->will_reconnect);
    h.server.set_answer_pings(true);
    REQUIRE(log.next<Connected>(5s));
    c->stop();
}

TEST_CASE("a server whose certificate chain does not lead to the trust root is refused without retry") {
    Harness h;
    EventLog log;
    auto o = h.options();
    o.trust_root = noise::TrustRoot{};  // WhatsApp's real root: the fake server cannot chain to it
    auto c = h.client(log, o);
    c->start();
    auto refused = log.next<Disconnected>();
    REQUIRE(refused);
    CHECK(refused->reason.kind == DisconnectKind::handshake_failed);
    CHECK_FALSE(refused->will_reconnect);
    CHECK(h.server.registrations() == 0);
}

TEST_CASE("a connection that cannot be opened is retried with backoff") {
    Harness h;
    EventLog log;
    auto o = h.options();
    o.server_url = "ws://127.0.0.1:1/ws/chat";
    auto c = h.client(log, o);
    c->start();
    auto first = log.next<Disconnected>();
    auto second = log.next<Disconnected>();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->reason.kind == DisconnectKind::connection_lost);
    CHECK(first->will_reconnect);
    CHECK(second->retry_in_ms > first->retry_in_ms);
    c->stop();
}

TEST_CASE("a login refused with 401 wipes the stale credentials") {
    Harness h;
    EventLog log;
    {
        EventLog link_log;
        auto c = h.link(link_log);
        c->stop();
        REQUIRE(link_log.next<Disconnected>());
    }
    // Another server that never paired this device refuses the login.
    test::FakeWhatsAppServer other(h.io);
    auto o = h.options();
    o.server_url = other.url();
    o.trust_root = other.trust_root();
    auto c = h.client(log, o);
    c->start();
    auto out = log.next<LoggedOut>();
    REQUIRE(out);
    CHECK(out->reason.code == "401");
    CHECK_FALSE(c->linked());
}

TEST_CASE("the server's own pings are answered; other unknown requests get 501") {
    Harness h;
    EventLog log;
    auto c = h.link(log);
    h.server.push(binary::Node{"iq",
                               {{"from", binary::Jid{"", "s.whatsapp.net", std::nullopt, 0, 0}},
                                {"id", std::string("srv-ping")},
                                {"type", std::string("get")},
                                {"xmlns", std::string("urn:xmpp:ping")}},
                               {}});
    h.server.push(binary::Node{"iq",
                               {{"from", binary::Jid{"", "s.whatsapp.net", std::nullopt, 0, 0}},
                                {"id", std::string("srv-odd")},
                                {"type", std::string("get")},
                                {"xmlns", std::string("something:new")}},
                               {}});
    std::vector<std::string> replies;
    for (int i = 0; i < 100 && replies.size() < 2; ++i) {
        std::this_thread::sleep_for(20ms);
        replies = h.server.replies_to_server_iqs();
    }
    CHECK(replies == std::vector<std::string>{"srv-ping result", "srv-odd error 501"});
    c->stop();
}
