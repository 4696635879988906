#include "backend/wa/noise/transport_cipher.hpp"

namespace wagw::wa::noise {

Result<Bytes> TransportCipher::encrypt(ByteView plaintext) {
    if (write_counter_ >= kCounterLimit) {
        return Error{"counter_exhausted", "write counter reached 2^32; the connection must be re-established"};
    }
    return aes_gcm_seal(write_key_, static_cast<uint32_t>(write_counter_++), {}, plaintext);
}

Result<Bytes> TransportCipher::decrypt(ByteView ciphertext) {
    if (read_closed_) return Error{"read_closed", "an earlier frame failed to decrypt; the stream is unusable"};
    if (read_counter_ >= kCounterLimit) {
        read_closed_ = true;
        return Error{"counter_exhausted", "read counter reached 2^32; the connection must be re-established"};
    }
    auto plaintext = aes_gcm_open(read_key_, static_cast<uint32_t>(read_counter_), {}, ciphertext);
    if (!plaintext) {
        read_closed_ = true;
        return plaintext.error();
    }
    ++read_counter_;
    return plaintext;
}

}  // namespace wagw::wa::noise
