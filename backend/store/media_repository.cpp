#include "backend/store/media_repository.hpp"

namespace wagw::store {

Status MediaRepository::touch_file(const std::string& sha256, std::int64_t size) {
    auto upsert = db_.prepare(
        "INSERT INTO media_files (sha256, size, last_used) "
        "VALUES (?1, ?2, (SELECT COALESCE(MAX(last_used), 0) + 1 FROM media_files)) "
        "ON CONFLICT(sha256) DO UPDATE SET last_used = (SELECT MAX(last_used) + 1 FROM media_files)");
    if (!upsert) return upsert.error();
    return upsert->bind(1, sha256).bind(2, size).run();
}

Status MediaRepository::insert(const MediaRecord& media) {
    auto insert = db_.prepare(
        "INSERT INTO media (id, session_id, sha256, size, mimetype, file_name, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    return insert->bind(1, media.id)
        .bind(2, media.session_id)
        .bind(3, media.sha256)
        .bind(4, media.size)
        .bind(5, media.mimetype)
        .bind(6, media.file_name)
        .bind(7, media.created_at)
        .run();
}

Result<std::optional<MediaRecord>> MediaRepository::find(const std::string& session_id,
                                                         const std::string& id) {
    auto select = db_.prepare(
        "SELECT id, session_id, sha256, size, mimetype, file_name, created_at FROM media "
        "WHERE id = ? AND session_id = ?");
    if (!select) return select.error();
    select->bind(1, id).bind(2, session_id);
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) return std::optional<MediaRecord>();
    MediaRecord media;
    media.id = select->column_text(0);
    media.session_id = select->column_text(1);
    media.sha256 = select->column_text(2);
    media.size = select->column_int(3);
    media.mimetype = select->column_text(4);
    media.file_name = select->column_text(5);
    media.created_at = select->column_int(6);
    return std::optional<MediaRecord>(std::move(media));
}

Result<std::int64_t> MediaRepository::total_file_bytes() {
    auto select = db_.prepare("SELECT COALESCE(SUM(size), 0) FROM media_files");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    return select->column_int(0);
}

Result<std::vector<MediaFileRecord>> MediaRepository::eviction_candidates(const std::string& keep,
                                                                          std::size_t limit) {
    auto select = db_.prepare(
        "SELECT sha256, size FROM media_files WHERE holds = 0 AND sha256 <> ? ORDER BY last_used LIMIT ?");
    if (!select) return select.error();
    select->bind(1, keep).bind(2, static_cast<std::int64_t>(limit));
    std::vector<MediaFileRecord> files;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        files.push_back({select->column_text(0), select->column_int(1)});
    }
    return files;
}

Status MediaRepository::remove_file(const std::string& sha256) {
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto rows = db_.prepare("DELETE FROM media WHERE sha256 = ?");
    if (!rows) return rows.error();
    if (auto done = rows->bind(1, sha256).run(); !done) return done;
    auto file = db_.prepare("DELETE FROM media_files WHERE sha256 = ?");
    if (!file) return file.error();
    if (auto done = file->bind(1, sha256).run(); !done) return done;
    return tx->commit();
}

Status MediaRepository::add_hold(const std::string& sha256, int delta) {
    auto update = db_.prepare("UPDATE media_files SET holds = MAX(holds + ?, 0) WHERE sha256 = ?");
    if (!update) return update.error();
    return update->bind(1, std::int64_t{delta}).bind(2, sha256).run();
}

}  // namespace wagw::store
