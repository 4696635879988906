// Signal throughput with the SQLite stores in the loop: how many 100-byte messages per second one core can
// encrypt (one account) and decrypt (another account), each step committed to its own database file, as the
// gateway does. Usage: signal_bench [messages]   (default 2000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "backend/store/secret_box.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "backend/wa/signal/signal_schema.hpp"

using namespace wagw;
using namespace wagw::wa::signal;
using Clock = std::chrono::steady_clock;

namespace {

struct Side {
    std::unique_ptr<store::SecretBox> box;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<SignalAccount> account;
    Address address;
};

template <class T>
T must(Result<T> r, const char* what) {
    if (!r) {
        std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
    return std::move(*r);
}

Side open_side(const std::filesystem::path& dir, const std::string& name) {
    Side side;
    side.box = std::make_unique<store::SecretBox>(must(store::SecretBox::from_key_file(dir / (name + ".key")), "key"));
    side.db = std::make_unique<store::Database>(must(store::Database::open(dir / (name + ".db")), "db"));
    must(store::apply_migrations(*side.db, kSignalComponent, signal_migrations()), "migrations");
    side.account = must(SignalAccount::open(*side.db, *side.box, name), "account");
    must(side.account->ensure_identity(), "identity");
    side.address = Address{name, 0};
    return side;
}

double per_second(std::size_t count, Clock::duration elapsed) {
    return static_cast<double>(count) / std::chrono::duration<double>(elapsed).count();
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t messages = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
    const auto dir = std::filesystem::temp_directory_path() / ("wagw-signal-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    Side alice = open_side(dir, "4915550001"), bob = open_side(dir, "4915550002");
    must(bob.account->generate_pre_keys(10), "pre-keys");
    must(alice.account->build_session(bob.address, must(bob.account->take_own_bundle(), "bundle")), "session");
    // One round trip so that both sides are past the pre-key stage, as in a running conversation.
    Bytes payload(100, 'x');
    must(bob.account->decrypt(alice.address, must(alice.account->encrypt(bob.address, payload), "enc")), "dec");
    must(alice.account->decrypt(bob.address, must(bob.account->encrypt(alice.address, payload), "enc")), "dec");

    Clock::duration encrypt_time{}, decrypt_time{};
    for (std::size_t i = 0; i < messages; ++i) {
        payload[0] = static_cast<std::uint8_t>(i);
        auto t0 = Clock::now();
        Ciphertext c = must(alice.account->encrypt(bob.address, payload), "encrypt");
        auto t1 = Clock::now();
        Bytes plain = must(bob.account->decrypt(alice.address, c), "decrypt");
        auto t2 = Clock::now();
        encrypt_time += t1 - t0;
        decrypt_time += t2 - t1;
        if (plain != payload) {
            std::fprintf(stderr, "decrypted text differs at message %zu\n", i);
            return 1;
        }
    }
    const std::string group = "120363000000000001@g.us";
    must(bob.account->process_sender_key_distribution(
             group, alice.address, must(alice.account->sender_key_distribution(group, alice.address), "skdm")),
         "process skdm");
    Clock::duration group_time{};
    for (std::size_t i = 0; i < messages; ++i) {
        auto t0 = Clock::now();
        Bytes c = must(alice.account->group_encrypt(group, alice.address, payload), "group encrypt");
        must(bob.account->group_decrypt(group, alice.address, c), "group decrypt");
        group_time += Clock::now() - t0;
    }
    std::printf("signal_bench: %zu messages of %zu bytes, SQLite (WAL) stores sealed with libsodium, one core\n",
                messages, payload.size());
    std::printf("  pairwise encrypt:          %8.0f msg/s\n", per_second(messages, encrypt_time));
    std::printf("  pairwise decrypt:          %8.0f msg/s\n", per_second(messages, decrypt_time));
    std::printf("  pairwise encrypt+decrypt:  %8.0f msg/s\n", per_second(messages, encrypt_time + decrypt_time));
    std::printf("  group encrypt+decrypt:     %8.0f msg/s\n", per_second(messages, group_time));
    alice = {};
    bob = {};
    std::filesystem::remove_all(dir);
    return 0;
}
