#pragma once
// Byte buffers as the Noise layer passes them around: owned = vector, borrowed = span.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace wagw::wa::noise {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
inline ByteView view_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

}  // namespace wagw::wa::noise
