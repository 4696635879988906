#pragma once
// Two (or more) accounts, each with its own SQLite file and master key, reopened at will to prove that every
// step survives a restart.
#include <memory>
#include <string>

#include "backend/store/secret_box.hpp"
#include "test_dir.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "backend/wa/signal/signal_schema.hpp"

namespace signal_test {

using namespace wagw;
using namespace wagw::wa::signal;

class Party {
public:
    Party(const TestDir& dir, std::string name, SignalAccount::Options options = {})
        : file_(dir.path() / (name + ".db")), key_file_(dir.path() / (name + ".key")), name_(std::move(name)),
          options_(options) {
        reopen();
    }

    // Closes everything and opens it again from disk, as a gateway restart would.
    void reopen() {
        account_.reset();
        db_.reset();
        box_.reset();
        auto box = store::SecretBox::from_key_file(key_file_);
        REQUIRE(box.ok());
        box_ = std::make_unique<store::SecretBox>(std::move(*box));
        auto db = store::Database::open(file_);
        REQUIRE(db.ok());
        db_ = std::make_unique<store::Database>(std::move(*db));
        REQUIRE(store::apply_migrations(*db_, kSignalComponent, signal_migrations()).ok());
        auto account = SignalAccount::open(*db_, *box_, name_, options_);
        REQUIRE(account.ok());
        account_ = std::move(*account);
    }

    SignalAccount& operator*() { return *account_; }
    SignalAccount* operator->() { return account_.get(); }
    store::Database& db() { return *db_; }
    Address address(std::int32_t device = 0) const { return Address{name_, device}; }
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_, key_file_;
    std::string name_;
    SignalAccount::Options options_;
    std::unique_ptr<store::SecretBox> box_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<SignalAccount> account_;
};

inline Bytes bytes(std::string_view text) { return {text.begin(), text.end()}; }
inline std::string text(const Bytes& b) { return {b.begin(), b.end()}; }

}  // namespace signal_test
