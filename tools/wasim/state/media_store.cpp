#include "tools/wasim/state/media_store.hpp"

#include "common/util/base64.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {

Result<std::string> MediaStore::put(std::string_view media_type, std::string blob) {
    if (total_ + blob.size() > kMaxTotalBytes) return Error{"media_store_full", "the simulator's media store is full"};
    // Unguessable ids, like real direct paths: a download needs the path from the message.
    const auto random = wa::signal::KeyPair::generate().public_key;
    std::string id = util::base64_encode(std::span(random).first(18));
    for (char& c : id)
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    const std::string path = "/v/t62.7118-24/" + std::to_string(next_id_++) + "-" + std::string(media_type) + "-" + id + ".enc";
    total_ += blob.size();
    blobs_[path] = std::move(blob);
    return path + "?ccb=9-4&oh=wasim";
}

const std::string* MediaStore::get(std::string_view path) const {
    path = path.substr(0, path.find('?'));
    auto it = blobs_.find(path);
    return it == blobs_.end() ? nullptr : &it->second;
}

}  // namespace wagw::wasim
