#include <catch2/catch.hpp>

#include "backend/app/command_line.hpp"

using namespace wagw::app;

TEST_CASE("serve flags are parsed") {
    auto command = parse_command_line({"serve", "--listen", "0.0.0.0:9090", "--data", "/tmp/x", "--threads", "4"});
    REQUIRE(command.ok());
    const auto& serve = std::get<ServeOptions>(*command);
    CHECK(serve.host == "0.0.0.0");
    CHECK(serve.port == 9090);
    CHECK(serve.data_dir == "/tmp/x");
    CHECK(serve.threads == 4);
}

TEST_CASE("no arguments means serve with the defaults") {
    auto command = parse_command_line({});
    REQUIRE(command.ok());
    const auto& serve = std::get<ServeOptions>(*command);
    CHECK(serve.host == "127.0.0.1");
    CHECK(serve.port == 8080);
    CHECK(serve.data_dir == "data");
}

TEST_CASE("IPv6 listen addresses keep their host") {
    auto address = parse_listen_address("[::1]:8081");
    REQUIRE(address.ok());
    CHECK(address->first == "::1");
    CHECK(address->second == 8081);
}

TEST_CASE("command line mistakes name the flag") {
    struct Case {
        std::vector<std::string> args;
        const char* mentions;
    };
    const Case cases[] = {
        {{"serve", "--listen", "8080"}, "--listen"},
        {{"serve", "--listen", "host:99999"}, "--listen"},
        {{"serve", "--listen", "host:0"}, "--listen"},
        {{"serve", "--listen", "host:80x"}, "--listen"},
        {{"serve", "--threads", "0"}, "--threads"},
        {{"serve", "--colour", "red"}, "--colour"},
        {{"serve", "--data"}, "--data"},
        {{"launch"}, "launch"},
    };
    for (const Case& c : cases) {
        INFO(c.mentions);
        auto command = parse_command_line(c.args);
        REQUIRE_FALSE(command.ok());
        CHECK(command.error().code == "usage");
        CHECK_THAT(command.error().message, Catch::Contains(c.mentions));
    }
}

TEST_CASE("client link flags are parsed") {
    auto command = parse_command_line({"client", "link", "--server", "wss://127.0.0.1:9443/ws/chat", "--trust-root",
                                       "/tmp/root.pub", "--data", "/tmp/c", "--tls-cert", "/tmp/cert.pem",
                                       "--insecure-tls", "--name", "Front desk"});
    REQUIRE(command.ok());
    const auto& client = std::get<ClientCommandOptions>(*command);
    CHECK(client.action == ClientCommandOptions::Action::link);
    CHECK(client.server_url == "wss://127.0.0.1:9443/ws/chat");
    CHECK(client.trust_root_file == "/tmp/root.pub");
    CHECK(client.data_dir == "/tmp/c");
    CHECK(client.tls_certificate_file == "/tmp/cert.pem");
    CHECK_FALSE(client.tls_verify);
    CHECK(client.push_name == "Front desk");
    CHECK(client.link_phone.empty());
    auto by_code = parse_command_line({"client", "link", "--phone", "15551234567"});
    REQUIRE(by_code.ok());
    CHECK(std::get<ClientCommandOptions>(*by_code).link_phone == "15551234567");
}

TEST_CASE("client listen and logout need only the data folder") {
    auto listen = parse_command_line({"client", "listen", "--data", "/tmp/c"});
    REQUIRE(listen.ok());
    const auto& options = std::get<ClientCommandOptions>(*listen);
    CHECK_FALSE(options.mark_read);
    CHECK(std::get<ClientCommandOptions>(*parse_command_line({"client", "listen", "--mark-read"})).mark_read);
    CHECK(options.action == ClientCommandOptions::Action::listen);
    CHECK(options.data_dir == "/tmp/c");
    CHECK(options.server_url.empty());
    CHECK(options.tls_verify);
    auto logout = parse_command_line({"client", "logout"});
    REQUIRE(logout.ok());
    CHECK(std::get<ClientCommandOptions>(*logout).action == ClientCommandOptions::Action::logout);
    CHECK(std::get<ClientCommandOptions>(*logout).data_dir == "data/client");
}

TEST_CASE("client send takes a recipient and a text") {
    auto command = parse_command_line({"client", "send", "--data", "/tmp/c", "--to", "15551234567", "--text", "hi there"});
    REQUIRE(command.ok());
    const auto& options = std::get<ClientCommandOptions>(*command);
    CHECK(options.action == ClientCommandOptions::Action::send);
    CHECK(options.to == "15551234567");
    CHECK(options.text == "hi there");
}

TEST_CASE("client send takes one other kind: file, location, contact, poll, reaction, edit or revoke") {
    auto file = parse_command_line({"client", "send", "--to", "1555", "--file", "/tmp/a.ogg", "--voice-note",
                                    "--caption", "listen"});
    REQUIRE(file.ok());
    CHECK(std::get<ClientCommandOptions>(*file).file == "/tmp/a.ogg");
    CHECK(std::get<ClientCommandOptions>(*file).voice_note);
    CHECK(std::get<ClientCommandOptions>(*file).caption == "listen");
    auto poll = parse_command_line({"client", "send", "--to", "1555", "--poll", "Q?", "--option", "a", "--option", "b"});
    REQUIRE(poll.ok());
    CHECK(std::get<ClientCommandOptions>(*poll).poll_options == std::vector<std::string>{"a", "b"});
    auto react = parse_command_line({"client", "send", "--to", "1555", "--react", "ID1", "--emoji", "x", "--from-me"});
    REQUIRE(react.ok());
    CHECK(std::get<ClientCommandOptions>(*react).react_to == "ID1");
    CHECK(std::get<ClientCommandOptions>(*react).target_from_me);
    auto reply = parse_command_line({"client", "send", "--to", "1555", "--text", "t", "--reply-to", "ID2", "--mention",
                                     "1666", "--mention", "1777"});
    REQUIRE(reply.ok());
    CHECK(std::get<ClientCommandOptions>(*reply).mentions.size() == 2);
    auto listen = parse_command_line({"client", "listen", "--download", "/tmp/media"});
    REQUIRE(listen.ok());
    CHECK(std::get<ClientCommandOptions>(*listen).download_dir == "/tmp/media");
}

TEST_CASE("client group takes its action, the group and members") {
    auto create = parse_command_line({"client", "group", "create", "--subject", "Team", "--member", "1555",
                                      "--member", "1666", "--data", "/tmp/c"});
    REQUIRE(create.ok());
    const auto& options = std::get<ClientCommandOptions>(*create);
    CHECK(options.action == ClientCommandOptions::Action::group);
    CHECK(options.group_action == "create");
    CHECK(options.subject == "Team");
    CHECK(options.members == std::vector<std::string>{"1555", "1666"});
    CHECK(options.data_dir == "/tmp/c");
    CHECK(parse_command_line({"client", "group", "list"}).ok());
    CHECK_FALSE(parse_command_line({"client", "group", "add", "--group", "1@g.us"}).ok());
    CHECK_FALSE(parse_command_line({"client", "group", "info"}).ok());
    CHECK_FALSE(parse_command_line({"client", "group", "rename"}).ok());
}

TEST_CASE("client check takes numbers; client presence a state, and a chat for chat states") {
    auto check = parse_command_line({"client", "check", "--number", "1555", "--number", "+1666"});
    REQUIRE(check.ok());
    CHECK(std::get<ClientCommandOptions>(*check).action == ClientCommandOptions::Action::check);
    CHECK(std::get<ClientCommandOptions>(*check).numbers == std::vector<std::string>{"1555", "+1666"});
    CHECK_FALSE(parse_command_line({"client", "check"}).ok());
    CHECK(parse_command_line({"client", "presence", "--state", "available"}).ok());
    CHECK(parse_command_line({"client", "presence", "--state", "recording", "--to", "1555"}).ok());
    CHECK_FALSE(parse_command_line({"client", "presence", "--state", "typing"}).ok());
    CHECK_FALSE(parse_command_line({"client", "presence", "--state", "asleep"}).ok());
}

TEST_CASE("client command mistakes name the action or flag") {
    struct Case {
        std::vector<std::string> args;
        const char* mentions;
    };
    const Case cases[] = {
        {{"client"}, "link, listen, send or logout"},
        {{"client", "pair"}, "pair"},
        {{"client", "link", "--server", "http://x"}, "--server"},
        {{"client", "link", "--server"}, "--server"},
        {{"client", "listen", "--colour", "red"}, "--colour"},
        {{"client", "send", "--to", "15551234567"}, "--text"},
        {{"client", "send", "--to", "1555", "--file", "a.jpg", "--location", "1,2"}, "one of"},
        {{"client", "send", "--to", "1555", "--edit", "ID"}, "--edit needs --text"},
        {{"client", "send", "--to", "1555", "--poll", "Q", "--option", "only"}, "two --option"},
    };
    for (const Case& c : cases) {
        INFO(c.mentions);
        auto command = parse_command_line(c.args);
        REQUIRE_FALSE(command.ok());
        CHECK(command.error().code == "usage");
        CHECK_THAT(command.error().message, Catch::Contains(c.mentions));
    }
    CHECK(std::holds_alternative<ShowHelp>(*parse_command_line({"client", "link", "--help"})));
}

TEST_CASE("the demo flag runs the simulator beside the gateway; the demo port flag fixes its port") {
    auto demo = parse_command_line({"serve", "--demo"});
    REQUIRE(demo.ok());
    CHECK(std::get<ServeOptions>(*demo).demo);
    CHECK(std::get<ServeOptions>(*demo).demo_port == 0);
    auto fixed = parse_command_line({"serve", "--demo-port", "9443", "--listen", "127.0.0.1:8081"});
    REQUIRE(fixed.ok());
    CHECK(std::get<ServeOptions>(*fixed).demo);
    CHECK(std::get<ServeOptions>(*fixed).demo_port == 9443);
    CHECK_FALSE(std::get<ServeOptions>(*parse_command_line({"serve"})).demo);
    CHECK_FALSE(parse_command_line({"serve", "--demo-port", "70000"}).ok());
}

TEST_CASE("serve takes the WhatsApp server sessions connect to") {
    auto command = parse_command_line({"serve", "--wa-url", "wss://127.0.0.1:9443/ws/chat", "--wa-trust-root",
                                       "root.pub", "--wa-tls-cert", "cert.pem"});
    REQUIRE(command.ok());
    const auto& serve = std::get<ServeOptions>(*command);
    CHECK(serve.wa_url == "wss://127.0.0.1:9443/ws/chat");
    CHECK(serve.wa_trust_root_file == "root.pub");
    CHECK(serve.wa_tls_certificate_file == "cert.pem");

    auto not_websocket = parse_command_line({"serve", "--wa-url", "https://example.com"});
    REQUIRE_FALSE(not_websocket.ok());
    CHECK(not_websocket.error().message.find("--wa-url") != std::string::npos);

    // --demo brings its own server: naming another one as well is a mistake, not a silent choice.
    auto both = parse_command_line({"serve", "--demo", "--wa-url", "wss://127.0.0.1:9443/ws/chat"});
    REQUIRE_FALSE(both.ok());
    CHECK(both.error().message.find("--demo") != std::string::npos);
}
