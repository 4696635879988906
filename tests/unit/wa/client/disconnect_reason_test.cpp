#include <catch2/catch.hpp>

#include "backend/wa/client/disconnect_reason.hpp"

using namespace wagw::wa;
using namespace wagw::wa::client;
using binary::Children;
using binary::Node;

namespace {

Node stream_error(std::string code, std::string conflict = {}) {
    Node node{"stream:error", {}, {}};
    if (!code.empty()) node.attrs.push_back({"code", code});
    if (!conflict.empty()) node.content = Children{Node{"conflict", {{"type", conflict}}, {}}};
    return node;
}

Node failure(std::string reason) {
    return Node{"failure", {{"reason", reason}}, {}};
}

}  // namespace

TEST_CASE("stream errors map to what the owner must do") {
    struct Case {
        Node node;
        DisconnectKind kind;
        bool reconnect;
        bool wipe;
    };
    const Case cases[] = {
        {stream_error("515"), DisconnectKind::restart_required, true, false},
        {stream_error("401", "device_removed"), DisconnectKind::logged_out, false, true},
        {stream_error("", "device_removed"), DisconnectKind::logged_out, false, true},
        {stream_error("401"), DisconnectKind::logged_out, false, true},
        {stream_error("", "replaced"), DisconnectKind::replaced, false, false},
        {stream_error("503"), DisconnectKind::server_error, true, false},
        {stream_error("500"), DisconnectKind::server_error, true, false},
        {stream_error("", "something_new"), DisconnectKind::unknown_stream_error, true, false},
        {stream_error("999"), DisconnectKind::unknown_stream_error, true, false},
    };
    for (const Case& c : cases) {
        DisconnectReason reason = reason_from_stream_error(c.node);
        INFO(kind_name(reason.kind) << " " << reason.message);
        CHECK(reason.kind == c.kind);
        CHECK(reason.should_reconnect() == c.reconnect);
        CHECK(reason.wipes_credentials() == c.wipe);
        CHECK_FALSE(reason.message.empty());
    }
    CHECK(reason_from_stream_error(stream_error("", "replaced")).code == "440");
}

TEST_CASE("login failures map to what the owner must do") {
    struct Case {
        const char* reason;
        DisconnectKind kind;
        bool reconnect;
        bool wipe;
    };
    const Case cases[] = {
        {"401", DisconnectKind::logged_out, false, true},
        {"403", DisconnectKind::logged_out, false, true},
        {"406", DisconnectKind::banned, false, false},
        {"402", DisconnectKind::banned, false, false},
        {"405", DisconnectKind::client_outdated, false, false},
        {"409", DisconnectKind::bad_user_agent, false, false},
        {"500", DisconnectKind::server_error, true, false},
        {"503", DisconnectKind::server_error, true, false},
        {"418", DisconnectKind::unknown_stream_error, true, false},
    };
    for (const Case& c : cases) {
        INFO(c.reason);
        DisconnectReason reason = reason_from_failure(failure(c.reason));
        CHECK(reason.kind == c.kind);
        CHECK(reason.code == c.reason);
        CHECK(reason.should_reconnect() == c.reconnect);
        CHECK(reason.wipes_credentials() == c.wipe);
    }
    Node temporary{"failure", {{"reason", std::string("402")}, {"expire", std::string("3600")}}, {}};
    CHECK_THAT(reason_from_failure(temporary).message, Catch::Contains("3600"));
}

TEST_CASE("our own reasons: user request and QR timeout never reconnect, a lost connection does") {
    CHECK_FALSE(DisconnectReason{DisconnectKind::user_request, "", ""}.should_reconnect());
    CHECK_FALSE(DisconnectReason{DisconnectKind::qr_timeout, "", ""}.should_reconnect());
    CHECK_FALSE(DisconnectReason{DisconnectKind::handshake_failed, "", ""}.should_reconnect());
    CHECK(DisconnectReason{DisconnectKind::connection_lost, "", ""}.should_reconnect());
    CHECK(DisconnectReason{DisconnectKind::server_closed, "", ""}.should_reconnect());
}
