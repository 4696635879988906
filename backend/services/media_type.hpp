#pragma once
// The media type of a file from its first bytes, for uploads that arrive without a useful Content-Type
// (none, application/octet-stream): WhatsApp needs a real type to choose how to send and show the file.
#include <string>
#include <string_view>

namespace wagw::services {

// "image/jpeg", "image/png", "image/webp", "image/gif", "video/mp4", "audio/ogg", "application/pdf", or
// empty when the bytes match none of them.
std::string sniff_mimetype(std::string_view bytes);

// A declared type worth keeping: present and more than "some bytes". Parameters (";charset=...") are cut off
// and the type lowercased; empty when it says nothing.
std::string useful_mimetype(std::string_view declared);

}  // namespace wagw::services

namespace wagw::services {

// The type to store: the declared one when useful, else the sniffed one, else application/octet-stream.
std::string choose_mimetype(std::string_view declared, std::string_view bytes);

}  // namespace wagw::services
