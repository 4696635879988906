// 1:1 text between two of our clients on different accounts, through FakeWhatsAppServer's routing, with a
// second companion of the sender's account receiving the device-sent copy; then a reply on the sessions
// the first message set up. As in the gateway, all clients share one io_context run by two threads and one
// database file. Also the device-list cache: how many usync queries the server sees, and which devices a send
// addresses, when companions come and go.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "backend/wa/stanza/retry_stanza.hpp"
#include "fake_server.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace wagw::wa;
using namespace wagw::wa::client;
using namespace std::chrono_literals;

namespace {

class Inbox {
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
    template <class T, class Predicate>
    std::size_t count(Predicate matches) {
        std::lock_guard lock(state_->mutex);
        std::size_t n = 0;
        for (const auto& e : state_->events)
            if (const T* event = std::get_if<T>(&e); event && matches(*event)) ++n;
        return n;
    }
    template <class T, class Predicate>
    std::optional<T> wait(Predicate matches, std::chrono::milliseconds timeout = 10s) {
        std::unique_lock lock(state_->mutex);
        std::optional<T> found;
        state_->changed.wait_for(lock, timeout, [&] {
            for (const auto& e : state_->events) {
                if (const T* event = std::get_if<T>(&e); event && matches(*event)) {
                    found = *event;
                    return true;
                }
            }
            return false;
        });
        return found;
    }
    template <class T>
    std::optional<T> wait(std::chrono::milliseconds timeout = 10s) {
        return wait<T>([](const T&) { return true; }, timeout);
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
};

struct Network {
    TestDir dir;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    test::FakeWhatsAppServer server{io};
    std::thread thread{[this] { io.run(); }};
    std::thread thread2{[this] { io.run(); }};
    std::shared_ptr<const store::SecretBox> box;
    std::chrono::milliseconds iq_timeout{20000};
    // Added to the clients' device-cache clock, so a test can let cached device lists expire without waiting.
    std::shared_ptr<std::atomic<std::int64_t>> cache_skew_ms = std::make_shared<std::atomic<std::int64_t>>(0);

    Network() {
        auto opened = store::SecretBox::from_key_file(dir.path() / "master.key");
        box = std::make_shared<store::SecretBox>(std::move(*opened));
    }
    ~Network() {
        work.reset();
        io.stop();
        thread.join();
        thread2.join();
    }

    // A client linked to `phone`'s account, logged in.
    std::shared_ptr<WaClient> linked(const std::string& name, const std::string& phone, Inbox& inbox,
                                     std::chrono::seconds signed_pre_key_max_age = std::chrono::hours(24)) {
        WaClientOptions o;
        o.signed_pre_key_max_age = signed_pre_key_max_age;
        o.database_file = dir.path() / "clients.db";
        o.secret_box = box;
        o.account = name;
        o.server_url = server.url();
        o.trust_root = server.trust_root();
        o.initial_pre_keys = 20;  // enough for the test, quicker than 812
        o.iq_timeout = iq_timeout;
        o.device_cache_clock = [skew = cache_skew_ms] {
            return std::chrono::steady_clock::now() + std::chrono::milliseconds(skew->load());
        };
        auto made = WaClient::create(io, o, inbox.handler());
        REQUIRE(made.ok());
        auto c = *made;
        c->start();
        auto qr = inbox.wait<QrCode>();
        REQUIRE(qr);
        server.scan(qr->code, false, phone);
        INFO(inbox.dump());
        REQUIRE(inbox.wait<Connected>());
        return c;
    }
};

// Alice and Bob, one device each, linked and logged in: where the device-list tests start.
struct AliceAndBob {
    Network net;
    Inbox alice_inbox, bob_inbox;
    std::shared_ptr<WaClient> alice = net.linked("alice", "15550000001", alice_inbox);
    std::shared_ptr<WaClient> bob = net.linked("bob", "15550000002", bob_inbox);
    ~AliceAndBob() {
        alice->stop();
        bob->stop();
    }
};

Result<WaClient::SentMessage> send(WaClient& c, const std::string& to, const std::string& text) {
    std::promise<Result<WaClient::SentMessage>> sent;
    c.send_text(to, text, [&](Result<WaClient::SentMessage> r) { sent.set_value(std::move(r)); });
    auto future = sent.get_future();
    if (future.wait_for(10s) != std::future_status::ready)
        return Error{"test_timeout", "send did not finish"};
    return future.get();
}

// Waits until `device` acknowledged the server's notification `id`, i.e. its client has handled it.
bool handled_notification(const test::FakeWhatsAppServer& server, const std::string& device, const std::string& id) {
    for (int i = 0; i < 200; ++i) {
        if (server.acked_notification(device, id)) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

bool addressed(const std::vector<std::string>& devices, const std::string& device) {
    return std::find(devices.begin(), devices.end(), device) != devices.end();
}

}  // namespace

TEST_CASE(
    "text goes to the recipient's devices and our other device, receipts come back, the reply decrypts") {
    Network net;
    Inbox alice_inbox, alice2_inbox, bob_inbox;
    auto alice = net.linked("alice", "15550000001", alice_inbox);
    auto alice2 = net.linked("alice2", "15550000001", alice2_inbox);
    // Bob replaces his signed pre-key at login: Alice's first message must use the new one.
    auto bob = net.linked("bob", "15550000002", bob_inbox, std::chrono::seconds(0));
    REQUIRE(bob_inbox.wait<SignedPreKeyRotated>());
    CHECK(net.server.signed_pre_key_rotations() == 1);

    auto sent = send(*alice, "15550000002", "hello bob");
    INFO((sent ? std::string() : sent.error().message));
    REQUIRE(sent.ok());
    CHECK(sent->id.size() == 22);
    CHECK(sent->id.rfind("3EB0", 0) == 0);
    CHECK(sent->timestamp == 1700000001);

    auto at_bob = bob_inbox.wait<MessageReceived>();
    INFO(bob_inbox.dump());
    REQUIRE(at_bob);
    CHECK(at_bob->id == sent->id);
    CHECK(at_bob->text == "hello bob");
    CHECK(at_bob->kind == "text");
    CHECK(at_bob->chat == "15550000001@s.whatsapp.net");
    CHECK(at_bob->sender_device == "915550000001:7@lid");
    CHECK_FALSE(at_bob->from_me);

    auto at_alice2 = alice2_inbox.wait<MessageReceived>();
    INFO(alice2_inbox.dump());
    REQUIRE(at_alice2);
    CHECK(at_alice2->id == sent->id);
    CHECK(at_alice2->text == "hello bob");
    CHECK(at_alice2->from_me);
    CHECK(at_alice2->chat == "15550000002@s.whatsapp.net");

    // Bob's receipt (delivered) and alice2's (sender) reach alice.
    auto delivered =
        alice_inbox.wait<ReceiptReceived>([&](const ReceiptReceived& r) { return r.type == "delivered"; });
    REQUIRE(delivered);
    CHECK(delivered->ids == std::vector<std::string>{sent->id});
    CHECK(delivered->from == "915550000002:7@lid");
    CHECK(alice_inbox.wait<ReceiptReceived>([](const ReceiptReceived& r) { return r.type == "sender"; }));

    // Bob reads it: Alice gets a read receipt.
    std::promise<Status> marked;
    bob->mark_read(at_bob->sender_device, {at_bob->id}, [&](Status s) { marked.set_value(s); });
    REQUIRE(marked.get_future().get().ok());
    auto read = alice_inbox.wait<ReceiptReceived>([](const ReceiptReceived& r) { return r.type == "read"; });
    REQUIRE(read);
    CHECK(read->ids == std::vector<std::string>{sent->id});

    // Bob answers on the session Alice's pkmsg created; Alice decrypts it with the session keyed by Bob's
    // LID.
    auto reply = send(*bob, "15550000001", "hi alice");
    REQUIRE(reply.ok());
    auto at_alice =
        alice_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "hi alice"; });
    INFO(alice_inbox.dump());
    REQUIRE(at_alice);
    CHECK(at_alice->chat == "15550000002@s.whatsapp.net");
    CHECK_FALSE(at_alice->from_me);
    auto second = send(*alice, "15550000002", "second");
    REQUIRE(second.ok());
    REQUIRE(bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "second"; }));
    CHECK_FALSE(bob_inbox.wait<MessageUndecryptable>(100ms));
    CHECK_FALSE(alice_inbox.wait<MessageUndecryptable>(100ms));

    alice->stop();
    alice2->stop();
    bob->stop();
}

TEST_CASE("sending to a number without devices fails with a clear error") {
    Network net;
    Inbox inbox;
    auto alice = net.linked("alice", "15550000001", inbox);
    auto sent = send(*alice, "15559999999", "anyone?");
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().code == "no_devices");
    auto bad = send(*alice, "not a number", "x");
    REQUIRE_FALSE(bad.ok());
    alice->stop();
}

TEST_CASE("a message that cannot be decrypted is refused, reported and asked for again") {
    Network net;
    Inbox inbox;
    auto bob = net.linked("bob", "15550000002", inbox);
    stanza::DeliveredMessage garbage;
    garbage.id = "3EB0BADBADBADBADBADBAD";
    garbage.from = binary::Jid{"915550000001", "lid", 7, 0, 0};
    garbage.type = "text";
    garbage.encs = {stanza::EncPayload{"msg", "", binary::Bytes(40, 0x33), 2}};
    net.server.push(stanza::build_delivered_message(garbage));
    auto refused = inbox.wait<MessageUndecryptable>();
    REQUIRE(refused);
    CHECK(refused->id == garbage.id);
    CHECK(refused->retry_count == 1);  // the sender was asked, with a retry receipt, to encrypt it again
    CHECK_FALSE(inbox.wait<MessageReceived>(100ms));
    bob->stop();
}

TEST_CASE("a message the server does not acknowledge in time goes out again after a reconnect, shown once") {
    Network net;
    net.iq_timeout = 300ms;
    Inbox alice_inbox, bob_inbox;
    auto alice = net.linked("alice", "15550000001", alice_inbox);
    auto bob = net.linked("bob", "15550000002", bob_inbox);
    const int logins_before = net.server.logins();

    // The server routes the message but never acknowledges it: the send must not fail, the client must start
    // over and send the same stanza again.
    net.server.set_ack_messages(false);
    std::promise<Result<WaClient::SentMessage>> sent;
    alice->send_text("15550000002", "are you there?",
                     [&](Result<WaClient::SentMessage> r) { sent.set_value(std::move(r)); });
    auto first = bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "are you there?"; });
    REQUIRE(first);
    for (int i = 0; i < 100 && net.server.logins() == logins_before; ++i) std::this_thread::sleep_for(50ms);
    INFO(alice_inbox.dump());
    REQUIRE(net.server.logins() > logins_before);  // the ack timeout ended the connection; the client came back
    net.server.set_ack_messages(true);

    auto future = sent.get_future();
    REQUIRE(future.wait_for(10s) == std::future_status::ready);
    auto result = future.get();
    REQUIRE(result.ok());
    CHECK(result->id == first->id);
    std::this_thread::sleep_for(300ms);  // a second copy would have arrived by now
    CHECK(bob_inbox.count<MessageReceived>([&](const MessageReceived& m) { return m.id == first->id; }) == 1);
}

// Device lists (DeviceCache): one usync per peer while the list is fresh, a new one when something says it changed.
TEST_CASE_METHOD(AliceAndBob, "two sends to the same peer ask the server for the device lists once") {
    const int usyncs = net.server.usync_queries();
    REQUIRE(send(*alice, "15550000002", "one").ok());
    REQUIRE(send(*alice, "15550000002", "two").ok());
    CHECK(net.server.usync_queries() == usyncs + 1);  // bob's and our own devices, in one query
    REQUIRE(bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "two"; }));
}

TEST_CASE_METHOD(AliceAndBob, "a companion linked later gets the next message once the devices notification arrives, ours too") {
    Inbox alice2_inbox, bob2_inbox;
    const int usyncs = net.server.usync_queries();
    REQUIRE(send(*alice, "15550000002", "one").ok());
    REQUIRE(send(*alice, "15550000002", "two").ok());
    CHECK(net.server.usync_queries() == usyncs + 1);

    // Bob links a second companion (device 8); WhatsApp tells his contacts.
    auto bob2 = net.linked("bob2", "15550000002", bob2_inbox);
    const std::string linked = net.server.notify_devices("15550000002", 8, true);
    REQUIRE(handled_notification(net.server, "15550000001:7@s.whatsapp.net", linked));
    auto three = send(*alice, "15550000002", "three");
    REQUIRE(three.ok());
    CHECK(net.server.usync_queries() == usyncs + 2);
    CHECK(addressed(net.server.devices_addressed(three->id), "15550000002:8@s.whatsapp.net"));
    INFO(bob2_inbox.dump());
    CHECK(bob2_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "three"; }));
    CHECK(bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "three"; }));

    // Our own account links a second companion: it gets the device-sent copy of the next send.
    auto alice2 = net.linked("alice2", "15550000001", alice2_inbox);
    const std::string ours = net.server.notify_devices("15550000001", 8, true);
    REQUIRE(handled_notification(net.server, "15550000001:7@s.whatsapp.net", ours));
    auto four = send(*alice, "15550000002", "four");
    REQUIRE(four.ok());
    CHECK(net.server.usync_queries() == usyncs + 3);
    auto copy = alice2_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "four"; });
    INFO(alice2_inbox.dump());
    REQUIRE(copy);
    CHECK(copy->from_me);
    for (auto& c : {alice2, bob2}) c->stop();
}

TEST_CASE_METHOD(AliceAndBob, "a companion unlinked later gets no more copies once the devices notification arrives") {
    Inbox bob2_inbox;
    auto bob2 = net.linked("bob2", "15550000002", bob2_inbox);
    const int usyncs = net.server.usync_queries();
    auto one = send(*alice, "15550000002", "one");
    REQUIRE(one.ok());
    REQUIRE(send(*alice, "15550000002", "two").ok());
    CHECK(net.server.usync_queries() == usyncs + 1);
    CHECK(addressed(net.server.devices_addressed(one->id), "15550000002:8@s.whatsapp.net"));
    REQUIRE(bob2_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "two"; }));

    const std::string unlinked = net.server.notify_devices("15550000002", 8, false);
    REQUIRE(handled_notification(net.server, "15550000001:7@s.whatsapp.net", unlinked));
    auto three = send(*alice, "15550000002", "three");
    REQUIRE(three.ok());
    CHECK(net.server.usync_queries() == usyncs + 2);
    const auto devices = net.server.devices_addressed(three->id);
    CHECK(addressed(devices, "15550000002:7@s.whatsapp.net"));
    CHECK_FALSE(addressed(devices, "15550000002:8@s.whatsapp.net"));
    CHECK(bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "three"; }));
    bob2->stop();
}

TEST_CASE_METHOD(AliceAndBob, "a device the cached list lacks (a message from it, a retry receipt from it) makes the next send ask again") {
    Inbox bob2_inbox;
    const int usyncs = net.server.usync_queries();
    REQUIRE(send(*alice, "15550000002", "one").ok());

    // Bob's new companion, without a devices notification: the list alice holds is now stale.
    auto bob2 = net.linked("bob2", "15550000002", bob2_inbox);
    auto two = send(*alice, "15550000002", "two");
    REQUIRE(two.ok());
    CHECK(net.server.usync_queries() == usyncs + 1);
    CHECK_FALSE(addressed(net.server.devices_addressed(two->id), "15550000002:8@s.whatsapp.net"));

    SECTION("a message from the unknown device") {
        REQUIRE(send(*bob2, "15550000001", "hi from bob2").ok());
        REQUIRE(alice_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "hi from bob2"; }));
    }
    SECTION("a retry receipt from the unknown device") {
        stanza::RetryReceipt retry;
        retry.id = two->id;
        retry.peer = binary::Jid{"915550000002", "lid", 8, 0, 0};
        retry.message_timestamp = "1700000001";
        retry.registration_id = 1234;
        net.server.push(stanza::build_retry_receipt(retry, stanza::Direction::FromServer));
        REQUIRE(alice_inbox.wait<MessageResent>());
    }
    const int before_three = net.server.usync_queries();  // bob2's own send asked for lists too
    auto three = send(*alice, "15550000002", "three");
    REQUIRE(three.ok());
    CHECK(net.server.usync_queries() == before_three + 1);
    CHECK(addressed(net.server.devices_addressed(three->id), "15550000002:8@s.whatsapp.net"));
    CHECK(bob2_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "three"; }));
    bob2->stop();
}

TEST_CASE_METHOD(AliceAndBob, "a cached device list expires: after its time the next send asks the server again") {
    const int usyncs = net.server.usync_queries();
    REQUIRE(send(*alice, "15550000002", "one").ok());
    *net.cache_skew_ms += std::chrono::milliseconds(std::chrono::minutes(4)).count();
    REQUIRE(send(*alice, "15550000002", "two").ok());
    CHECK(net.server.usync_queries() == usyncs + 1);  // 4 minutes: still fresh (the default is 5)
    *net.cache_skew_ms += std::chrono::milliseconds(std::chrono::minutes(1)).count();
    REQUIRE(send(*alice, "15550000002", "three").ok());
    CHECK(net.server.usync_queries() == usyncs + 2);
    REQUIRE(send(*alice, "15550000002", "four").ok());
    CHECK(net.server.usync_queries() == usyncs + 2);
}

TEST_CASE_METHOD(AliceAndBob, "an ack with a participant hash (the server's device list differs) makes the next send ask again") {
    const int usyncs = net.server.usync_queries();
    REQUIRE(send(*alice, "15550000002", "one").ok());
    net.server.set_ack_phash("2:AAAAAAAA");
    REQUIRE(send(*alice, "15550000002", "two").ok());  // from the cache; its ack says the lists were stale
    CHECK(net.server.usync_queries() == usyncs + 1);
    net.server.set_ack_phash("");
    REQUIRE(send(*alice, "15550000002", "three").ok());
    CHECK(net.server.usync_queries() == usyncs + 2);
    REQUIRE(send(*alice, "15550000002", "four").ok());
    CHECK(net.server.usync_queries() == usyncs + 2);
}

TEST_CASE_METHOD(
    AliceAndBob,
    "a message whose id is not a message id is refused with a nack, never decrypted or delivered") {
    // A path (absolute or climbing out), a quote that would end a JSON string, and 200 characters: each used
    // to be delivered as MessageReceived::id, and `wagw client listen --download` wrote files under that
    // name.
    const std::vector<std::string> hostile = {"../../x", "/abs", "a\"b", std::string(200, 'A')};
    for (const std::string& id : hostile) {
        net.server.set_delivered_id(id);
        REQUIRE(send(*alice, "15550000002", "payload for " + id.substr(0, 8)).ok());
    }
    net.server.set_delivered_id("");
    // The same session still works: the refused copies were never decrypted, so nothing was used up.
    REQUIRE(send(*alice, "15550000002", "after").ok());
    INFO(bob_inbox.dump());
    REQUIRE(bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "after"; }));
    // Bob handles stanzas in order: by now the four came and went.
    CHECK(bob_inbox.count<MessageReceived>([](const MessageReceived&) { return true; }) == 1);
    CHECK(bob_inbox.count<MessageUndecryptable>([](const MessageUndecryptable&) { return true; }) == 0);
    CHECK(bob->refused_message_ids() == hostile.size());
    CHECK(alice->refused_message_ids() == 0);
    std::vector<std::string> nacks;
    for (const std::string& id : hostile) nacks.push_back(id + " 500");
    for (int i = 0; i < 100 && net.server.message_nacks().size() < nacks.size(); ++i)
        std::this_thread::sleep_for(20ms);
    CHECK(net.server.message_nacks() == nacks);
}

// The gateway's outbox picks a message's id when it accepts it and, after a crash, sends the message again
// with that id: the receiver must see the id it was given, and a second send of the same id must not show as
// a second message.
TEST_CASE_METHOD(AliceAndBob, "a caller-chosen id is the message's id; sent twice it shows once; a malformed id is refused") {
    const std::string id = "3EB0C0FFEE0123456789ABCD";
    auto send_with_id = [&](const std::string& with_id, const std::string& text) {
        std::promise<Result<WaClient::SentMessage>> sent;
        alice->send("15550000002", message::Content{message::Text{text, std::nullopt, {}, "", ""}},
                    [&](Result<WaClient::SentMessage> r) { sent.set_value(std::move(r)); }, with_id);
        auto future = sent.get_future();
        REQUIRE(future.wait_for(10s) == std::future_status::ready);
        return future.get();
    };
    auto first = send_with_id(id, "once");
    INFO((first ? std::string() : first.error().message));
    REQUIRE(first.ok());
    CHECK(first->id == id);
    auto at_bob = bob_inbox.wait<MessageReceived>([&](const MessageReceived& m) { return m.id == id; });
    REQUIRE(at_bob);
    CHECK(at_bob->text == "once");

    auto again = send_with_id(id, "once");
    REQUIRE(again.ok());
    CHECK(again->id == id);
    // A later message arriving proves the repeat was processed before it (one connection, in order).
    auto later = send(*alice, "15550000002", "after the repeat");
    REQUIRE(later.ok());
    REQUIRE(bob_inbox.wait<MessageReceived>([](const MessageReceived& m) { return m.text == "after the repeat"; }));
    CHECK(bob_inbox.count<MessageReceived>([&](const MessageReceived& m) { return m.id == id; }) == 1);

    for (const std::string& bad : std::vector<std::string>{"3eb0c0ffee0123456789abcd", "3EB0ABC", "ABCD0123456789ABCDEF0123", "3EB0../../x0123456789",
                                  "3EB0" + std::string(21, 'A')}) {
        auto refused = send_with_id(bad, "never");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "bad_message_id");
    }
}
