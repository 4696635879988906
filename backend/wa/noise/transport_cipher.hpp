#pragma once
// The post-handshake cipher: one key and one counter per direction, AES-256-GCM with empty AAD.
// Counters are implicit (never sent), so a replayed, reordered, dropped or forged frame fails the tag check.
// A Noise stream cannot resynchronise after that, so the first failure closes the read side for good:
// the owner must drop the connection (and an attacker gets no second try at the same counter).
#include "common/util/result.hpp"
#include "backend/wa/noise/bytes.hpp"
#include "backend/wa/noise/primitives.hpp"

#include <cstdint>

namespace wagw::wa::noise {

class TransportCipher {
public:
    TransportCipher(Key write_key, Key read_key) : write_key_(write_key), read_key_(read_key) {}

    // Errors: "counter_exhausted" after 2^32 messages (the IV holds a 32-bit counter; reusing one would
    // break GCM), never a silent wrap.
    Result<Bytes> encrypt(ByteView plaintext);
    // Errors: "truncated", "bad_gcm_tag", "counter_exhausted", "read_closed" (after an earlier failure).
    Result<Bytes> decrypt(ByteView ciphertext);

    uint64_t messages_written() const { return write_counter_; }
    uint64_t messages_read() const { return read_counter_; }

    // Tests only: start the counters elsewhere to reach the 2^32 limit without 4 billion messages.
    void set_counters_for_test(uint64_t write_counter, uint64_t read_counter) {
        write_counter_ = write_counter;
        read_counter_ = read_counter;
    }

private:
    static constexpr uint64_t kCounterLimit = uint64_t{1} << 32;

    Key write_key_;
    Key read_key_;
    uint64_t write_counter_ = 0;
    uint64_t read_counter_ = 0;
    bool read_closed_ = false;
};

}  // namespace wagw::wa::noise
