#pragma once
// The Signal identities of every virtual phone (device 0 of an account), kept in the simulator's SQLite
// (DIR/wasim.db, or an in-memory database without --data), private keys sealed with a SecretBox. A phone's
// Signal identity is the account's ADV key (protocol.md §11): its store is seeded with Account::phone_identity,
// so pairing signatures and message sessions use one key pair. Simulator strand only.
#include <map>
#include <memory>
#include <string>

#include "backend/store/database.hpp"
#include "backend/store/secret_box.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "common/util/result.hpp"
#include "tools/wasim/state/account.hpp"

namespace wagw::wasim {

class PhoneKeyring {
public:
    // Empty `data_dir`: memory only (a fresh key sealing a fresh in-memory database).
    static Result<std::unique_ptr<PhoneKeyring>> open(const std::string& data_dir);

    // The phone's Signal account, created from the account's identity on first use. Also keeps the phone's
    // published keys (Account::phone_keys) stocked with one-time pre-keys, so peers can fetch its bundle.
    Result<signal::SignalAccount*> phone_of(Account& account);

private:
    PhoneKeyring(store::Database db, store::SecretBox box) : db_(std::move(db)), box_(std::move(box)) {}
    // True when the store was empty and now holds the account's identity (without a signed pre-key yet).
    Result<bool> seed_identity(const Account& account, const std::string& name);
    Status publish_keys(Account& account, signal::SignalAccount& phone);

    store::Database db_;
    store::SecretBox box_;
    std::map<std::string, std::unique_ptr<signal::SignalAccount>, std::less<>> phones_;
};

}  // namespace wagw::wasim
