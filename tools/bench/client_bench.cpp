// client_bench: N WaClients in one process on one shared io_context (as the gateway holds its linked
// accounts) against wasim, measuring what the issue "The WhatsApp client" asks: memory per connected idle
// client and messages per second, plus the time to link and to log in again from SQLite.
//
//   client_bench [--clients 1000] [--messages 10000] [--in-flight 100] [--parallel 50] [--threads 2]
//                [--settle 5] [--pre-keys 812] [--data DIR] [--keep-data] [--timeout 600]
//                [--wasim PATH [--wasim-data DIR] | --url ws://HOST:PORT/ws/chat --root-pub FILE]
//
// Phases, each timed: (1) link every client (an account per client, its QR scanned by that phone, first login
// with the pre-key upload), `--parallel` at a time; (2) settle, then the process's RSS with N idle clients;
// (3) stop and destroy every client, open them again from their databases and log them in; (4) `--messages`
// texts, client k % N to client (k+1) % N, at most `--in-flight` unacknowledged, counting server acks.
// By default a `wasim --plain` is started as a child process, so its CPU and memory stay out of the figures,
// with its data in /dev/shm: wasim keeps every virtual phone's Signal state in one wasim.db, and on a disk
// its checkpoints' fsyncs on the simulator's single strand, not the clients, would set the message rate. Exit
// status 0 only when every client linked and logged in again and every message was acknowledged and received:
// the CTest smoke run relies on that.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "tools/bench/client_fleet.hpp"
#include "tools/bench/latency_summary.hpp"
#include "tools/bench/process_status.hpp"
#include "tools/bench/wasim_process.hpp"

using namespace wagw;
using namespace wagw::bench;

namespace {

struct Options {
    std::size_t clients = 1000, messages = 10000, in_flight = 100, parallel = 50;
    unsigned threads = 2;  // `wagw serve`'s default
    int settle_seconds = 5, timeout_seconds = 600;
    std::uint32_t pre_keys = 812;
    std::filesystem::path data, wasim = WAGW_WASIM_BIN, wasim_data, root_pub;
    std::string url;
    bool keep_data = false;
};

const char* kUsage =
    "usage: client_bench [--clients N] [--messages M] [--in-flight K] [--parallel P] [--threads T]\n"
    "                    [--settle SECONDS] [--pre-keys N] [--data DIR] [--keep-data] [--timeout SECONDS]\n"
    "                    [--wasim PATH [--wasim-data DIR] | --url ws://HOST:PORT/ws/chat --root-pub FILE]\n";

Result<Options> parse(int argc, char** argv) {
    Options options;
    auto number = [](const std::string& text, auto& into) -> bool {
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), into);
        return error == std::errc() && end == text.data() + text.size();
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--keep-data") {
            options.keep_data = true;
            continue;
        }
        if (i + 1 >= argc) return Error{"usage", arg + " needs a value"};
        const std::string value = argv[++i];
        bool good = true;
        if (arg == "--clients")
            good = number(value, options.clients);
        else if (arg == "--messages")
            good = number(value, options.messages);
        else if (arg == "--in-flight")
            good = number(value, options.in_flight);
        else if (arg == "--parallel")
            good = number(value, options.parallel);
        else if (arg == "--threads")
            good = number(value, options.threads);
        else if (arg == "--settle")
            good = number(value, options.settle_seconds);
        else if (arg == "--timeout")
            good = number(value, options.timeout_seconds);
        else if (arg == "--pre-keys")
            good = number(value, options.pre_keys);
        else if (arg == "--data")
            options.data = value;
        else if (arg == "--wasim")
            options.wasim = value;
        else if (arg == "--wasim-data")
            options.wasim_data = value;
        else if (arg == "--url")
            options.url = value;
        else if (arg == "--root-pub")
            options.root_pub = value;
        else
            return Error{"usage", "unknown option " + arg};
        if (!good) return Error{"usage", arg + " needs a number, not " + value};
    }
    if (options.clients < 2) return Error{"usage", "--clients must be at least 2 (they message each other)"};
    if (options.threads == 0 || options.in_flight == 0 || options.parallel == 0)
        return Error{"usage", "--threads, --in-flight and --parallel must be positive"};
    if (options.url.empty() != options.root_pub.empty())
        return Error{"usage", "--url and --root-pub go together"};
    return options;
}

Result<wa::noise::TrustRoot> trust_root_from_hex(std::string hex) {
    while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.pop_back();
    if (hex.size() != 64) return Error{"bad_root", "the root public key must be 64 hex digits"};
    wa::noise::TrustRoot root;
    for (std::size_t i = 0; i < 32; ++i) {
        unsigned value = 0;
        auto [end, error] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
        if (error != std::errc() || end != hex.data() + 2 * i + 2)
            return Error{"bad_root", "not hex: " + hex};
        root.public_key[i] = static_cast<std::uint8_t>(value);
    }
    return root;
}

struct TemporaryFolders {
    bool keep = false;
    std::vector<std::filesystem::path> folders;
    ~TemporaryFolders() {
        std::error_code ec;
        for (const auto& folder : folders) {
            if (!keep) std::filesystem::remove_all(folder, ec);
        }
    }
};

double mb(std::int64_t kb) {
    return static_cast<double>(kb) / 1024.0;
}

double per_second(std::size_t count, double seconds) {
    return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

void print_phase(const char* name, const PhaseOutcome& outcome, const char* unit) {
    std::printf("%-22s %zu ok, %zu failed, %zu timed out in %.2f s (%.1f %s/s)\n", name, outcome.ok,
                outcome.failed, outcome.timed_out, outcome.seconds, per_second(outcome.ok, outcome.seconds),
                unit);
    for (const auto& error : outcome.errors) std::printf("%-22s   e.g. %s\n", "", error.c_str());
    std::fflush(stdout);
}

bool complete(const PhaseOutcome& outcome, std::size_t expected) {
    return outcome.ok == expected && outcome.failed == 0 && outcome.timed_out == 0;
}

// The process's footprint with every client connected and idle: what the "memory per client" means.
struct IdleFootprint {
    ProcessStatus process;
    HeapStatus heap;
    SqliteMemory sqlite;
    std::int64_t trimmed_rss_kb = 0;  // after malloc_trim: RSS without the allocator's free pages
};

IdleFootprint measure_idle(const char* name, int settle_seconds, std::int64_t baseline_kb,
                           std::size_t clients) {
    std::this_thread::sleep_for(std::chrono::seconds(settle_seconds));
    IdleFootprint idle;
    idle.process = read_process_status();
    idle.heap = read_heap_status();
    idle.sqlite = read_sqlite_memory();
    release_free_heap();
    idle.trimmed_rss_kb = read_process_status().rss_kb;
    const auto per_client = [&](std::int64_t kb) {
        return static_cast<double>(kb - baseline_kb) / static_cast<double>(clients);
    };
    std::printf(
        "%-22s RSS %.1f MB (peak %.1f MB; anonymous %.1f MB, mapped files %.1f MB): %.0f KB per client; "
        "after malloc_trim %.1f MB (%.0f KB per client)\n",
        name, mb(idle.process.rss_kb), mb(idle.process.hwm_kb), mb(idle.process.anon_kb),
        mb(idle.process.file_kb), per_client(idle.process.rss_kb), mb(idle.trimmed_rss_kb),
        per_client(idle.trimmed_rss_kb));
    const auto kb_each = [&](std::int64_t kb) {
        return static_cast<double>(kb) / static_cast<double>(clients);
    };
    std::printf(
        "%-22s heap in use %.1f MB (%.0f KB per client), malloc free %.1f MB; SQLite %.1f MB (%.0f KB per "
        "client, page cache %.0f KB); %d threads, %d open files\n",
        "", mb(idle.heap.in_use_kb), kb_each(idle.heap.in_use_kb), mb(idle.heap.free_held_kb),
        mb(idle.sqlite.total_kb), kb_each(idle.sqlite.total_kb), kb_each(idle.sqlite.page_cache_kb),
        idle.process.threads, idle.process.open_files);
    std::fflush(stdout);
    return idle;
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parse(argc, argv);
    if (!options) {
        std::fprintf(stderr, "client_bench: %s\n%s", options.error().message.c_str(), kUsage);
        return 2;
    }
    std::error_code ec;
    // Folders the bench made up are removed when it ends, on every path, after wasim (declared below)
    // stopped.
    TemporaryFolders temporary{options->keep_data};
    if (options->data.empty()) {
        options->data = std::filesystem::temp_directory_path() /
                        ("wagw-client-bench-" + std::to_string(std::random_device{}()));
        temporary.folders.push_back(options->data);
    }
    std::filesystem::create_directories(options->data, ec);

    // The server: a wasim child process, or one already running.
    std::optional<WasimProcess> wasim;
    std::string url = options->url, root_hex;
    if (url.empty()) {
        if (options->wasim_data.empty()) {
            const std::filesystem::path memory = "/dev/shm";
            options->wasim_data =
                std::filesystem::is_directory(memory, ec)
                    ? memory / ("wagw-client-bench-wasim-" + std::to_string(std::random_device{}()))
                    : options->data / "wasim";
            temporary.folders.push_back(options->wasim_data);
        }
        auto spawned = WasimProcess::spawn(options->wasim, options->wasim_data);
        if (!spawned) {
            std::fprintf(stderr, "client_bench: %s\n", spawned.error().message.c_str());
            return 2;
        }
        wasim.emplace(std::move(*spawned));
        url = wasim->websocket_url();
        root_hex = wasim->root_public_hex();
    } else {
        std::ifstream in(options->root_pub);
        in >> root_hex;
    }
    auto root = trust_root_from_hex(root_hex);
    auto admin = AdminEndpoint::from_websocket_url(url);
    auto box = store::SecretBox::from_key_file(options->data / "master.key");
    if (!root || !admin || !box) {
        std::fprintf(stderr, "client_bench: %s\n",
                     (!root    ? root.error()
                      : !admin ? admin.error()
                               : box.error())
                         .message.c_str());
        return 2;
    }

    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::vector<std::thread> io_threads;
    for (unsigned i = 0; i < options->threads; ++i) io_threads.emplace_back([&io] { io.run(); });

    FleetOptions fleet_options;
    fleet_options.data_root = options->data;
    fleet_options.server_url = url;
    fleet_options.trust_root = *root;
    fleet_options.admin = *admin;
    fleet_options.secret_box = std::make_shared<store::SecretBox>(std::move(*box));
    fleet_options.initial_pre_keys = options->pre_keys;
    ClientFleet fleet(io, fleet_options, options->clients);
    const std::size_t n = options->clients;
    const auto timeout = std::chrono::seconds(options->timeout_seconds);

    const ProcessStatus baseline = read_process_status();
    std::printf("client_bench: %zu clients on %u io threads, data %s\n", n, options->threads,
                options->data.c_str());
    if (wasim)
        std::printf("wasim: child process at %s, data %s\n", url.c_str(), options->wasim_data.c_str());
    else
        std::printf("wasim: %s\n", url.c_str());
    std::printf("%-22s RSS %.1f MB, %d threads\n", "baseline", mb(baseline.rss_kb), baseline.threads);
    std::fflush(stdout);

    // Who was busy during a phase: this process (the clients) or wasim, in % of one core.
    const pid_t wasim_pid = wasim ? wasim->pid() : 0;
    auto cpu_now = [&] { return std::pair{cpu_seconds(), wasim_pid ? cpu_seconds(wasim_pid) : 0.0}; };
    auto print_cpu = [&](std::pair<double, double> before, double seconds) {
        const auto after = cpu_now();
        seconds = std::max(seconds, 1e-9);
        std::printf("%-22s CPU busy: clients %.0f%%, wasim %.0f%% (100%% = one core)\n", "",
                    100.0 * (after.first - before.first) / seconds,
                    100.0 * (after.second - before.second) / seconds);
    };

    // (1) Link.
    const auto link_cpu = cpu_now();
    const PhaseOutcome linked = fleet.link_all(options->parallel, timeout);
    print_phase("[1] link", linked, "links");
    print_cpu(link_cpu, linked.seconds);

    // (2) Idle.
    const IdleFootprint idle = measure_idle("[2] idle", options->settle_seconds, baseline.rss_kb, n);

    // (3) Restart from SQLite.
    const PhaseOutcome stopped = fleet.stop_all(std::chrono::seconds(30));
    print_phase("[3] stop", stopped, "clients");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the strands drop their last references
    const ProcessStatus after_stop = read_process_status();
    std::printf("%-22s with no client: RSS %.1f MB, heap in use %.1f MB, SQLite %.1f MB\n", "",
                mb(after_stop.rss_kb), mb(read_heap_status().in_use_kb), mb(read_sqlite_memory().total_kb));
    const PhaseOutcome opened = fleet.open_all();
    print_phase("[3] open from SQLite", opened, "clients");
    const auto login_cpu = cpu_now();
    const PhaseOutcome logged_in = fleet.login_all(options->parallel, timeout);
    print_phase("[3] login", logged_in, "logins");
    print_cpu(login_cpu, logged_in.seconds);
    const IdleFootprint relogged =
        measure_idle("[3] idle after login", options->settle_seconds, baseline.rss_kb, n);

    // (4) Messages.
    const auto message_cpu = cpu_now();
    const MessageOutcome messages = fleet.send_messages(options->messages, options->in_flight, timeout);
    print_phase("[4] messages acked", messages.acks, "msgs");
    print_cpu(message_cpu, messages.acks.seconds);
    std::printf("%-22s first round %.0f msgs/s, later %.0f msgs/s\n", "", messages.first_round_per_second,
                messages.later_per_second);
    const std::size_t received = fleet.wait_received(messages.acks.ok, std::chrono::seconds(30));
    const LatencySummary first = summarize_latencies(messages.first_latencies_ms);
    const LatencySummary later = summarize_latencies(messages.later_latencies_ms);
    std::vector<double> all = messages.first_latencies_ms;
    all.insert(all.end(), messages.later_latencies_ms.begin(), messages.later_latencies_ms.end());
    const LatencySummary overall = summarize_latencies(all);
    std::printf("%-22s all:   %s\n", "", describe(overall).c_str());
    std::printf("%-22s first: %s (each sender's first: usync, bundles, new sessions)\n", "",
                describe(first).c_str());
    std::printf("%-22s later: %s\n", "", describe(later).c_str());
    std::printf(
        "%-22s received by the recipients: %zu of %zu (other messages %zu); undecryptable %zu; "
        "unexpected disconnects %zu\n",
        "", received, messages.acks.ok, fleet.other_received(), fleet.undecryptable(),
        fleet.unexpected_disconnects());
    const ProcessStatus end = read_process_status();
    const ProcessStatus server = wasim ? read_process_status(wasim->pid()) : ProcessStatus{};

    const PhaseOutcome final_stop = fleet.stop_all(std::chrono::seconds(30));
    work.reset();
    io.stop();
    for (auto& thread : io_threads) thread.join();

    const auto per_client_kb = [&](std::int64_t kb) {
        return static_cast<double>(kb - baseline.rss_kb) / static_cast<double>(n);
    };
    std::printf("\n== client_bench summary (%zu clients, %u io threads, %u pre-keys each) ==\n", n,
                options->threads, options->pre_keys);
    std::printf("link          %zu/%zu in %.1f s (%.1f/s, %zu at a time)\n", linked.ok, n, linked.seconds,
                per_second(linked.ok, linked.seconds), options->parallel);
    std::printf(
        "idle memory   %.0f KB per client (RSS %.1f MB, baseline %.1f MB); after login from SQLite %.0f KB\n",
        per_client_kb(idle.process.rss_kb), mb(idle.process.rss_kb), mb(baseline.rss_kb),
        per_client_kb(relogged.process.rss_kb));
    std::printf(
        "              trimmed %.0f KB per client; SQLite %.0f KB per client (page cache %.0f KB); "
        "VmHWM %.1f MB\n",
        per_client_kb(relogged.trimmed_rss_kb),
        static_cast<double>(relogged.sqlite.total_kb) / static_cast<double>(n),
        static_cast<double>(relogged.sqlite.page_cache_kb) / static_cast<double>(n), mb(end.hwm_kb));
    std::printf("threads       %d with %zu clients (main + %u io threads + the rest)\n",
                relogged.process.threads, n, options->threads);
    std::printf("restart       open %.2f s, login %zu/%zu in %.2f s (%.1f/s)\n", opened.seconds, logged_in.ok,
                n, logged_in.seconds, per_second(logged_in.ok, logged_in.seconds));
    std::printf(
        "messages      %zu/%zu acked in %.2f s: %.0f msgs/s, %zu in flight; p50 %.1f ms, p99 %.1f ms "
        "(later p50 %.1f / p99 %.1f)\n",
        messages.acks.ok, options->messages, messages.acks.seconds,
        per_second(messages.acks.ok, messages.acks.seconds), options->in_flight, overall.p50_ms,
        overall.p99_ms, later.p50_ms, later.p99_ms);
    std::printf("              first round %.0f msgs/s, later %.0f msgs/s\n", messages.first_round_per_second,
                messages.later_per_second);
    if (wasim)
        std::printf("wasim         RSS %.1f MB (peak %.1f MB)\n", mb(server.rss_kb), mb(server.hwm_kb));
    std::fflush(stdout);

    const bool all_good = complete(linked, n) && complete(opened, n) && complete(logged_in, n) &&
                          complete(messages.acks, options->messages) && received == options->messages &&
                          final_stop.timed_out + final_stop.failed == 0;
    return all_good ? 0 : 1;
}
