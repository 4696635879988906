#include "backend/store/database.hpp"

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace wagw::store {
namespace {

Error sqlite_error(sqlite3* db, std::string_view what) {
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    return {"database", std::move(message)};
}

// SQLite gives every connection 20 page-cache pages up front (~86 KB with 4 KiB pages), and no cache_size
// pragma can shrink them: they are allocated when the first page is read. The gateway holds a connection per
// linked account, so 1,000 idle clients paid 86 MB for them (tools/bench/client_bench: 186 -> 160 KB per idle
// client without). Without the up-front block, pages come one by one as a connection needs them, up to its
// cache_size. Process-wide and only allowed before SQLite initializes: once, before the first connection.
void allocate_page_cache_on_demand() {
    static std::once_flag once;
    std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0); });
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& file) {
    allocate_page_cache_on_demand();
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &handle,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error error = sqlite_error(handle, "cannot open " + file.string());
        sqlite3_close(handle);
        return error;
    }
    Database db(handle, file);
    sqlite3_busy_timeout(handle, 5000);
    // WAL lets readers work beside the writer; NORMAL sync is durable across process crashes in WAL mode.
    if (auto s = db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !s) {
        return s.error();
    }
    return db;
}

Database::Database(Database&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), file_(std::move(other.file_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(handle_);
        handle_ = std::exchange(other.handle_, nullptr);
        file_ = std::move(other.file_);
    }
    return *this;
}

Database::~Database() { sqlite3_close(handle_); }

Error Database::error_for(std::string_view what) const { return sqlite_error(handle_, what); }

Status Database::execute(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Error error{"database", message ? message : "unknown SQLite error"};
        sqlite3_free(message);
        return error;
    }
    return ok_status();
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        return error_for("cannot prepare \"" + std::string(sql) + "\"");
    }
    return Statement(stmt, handle_);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(handle_); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(handle_) == 0; }

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_), bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
        bind_error_ = other.bind_error_;
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    if (int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK) {
        bind_error_ = rc;
    }
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
    // A zero-length blob must still be a blob, not NULL: SQLite treats a null pointer as NULL.
    static const std::uint8_t kEmpty = 0;
    const void* data = bytes.empty() ? &kEmpty : bytes.data();
    if (int rc = sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK) {
        bind_error_ = rc;
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) bind_error_ = rc;
    return *this;
}

Result<bool> Statement::step() {
    if (bind_error_ != SQLITE_OK) {
        return Error{"database", std::string("cannot bind a parameter: ") + sqlite3_errstr(bind_error_)};
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, std::string("cannot run \"") + sqlite3_sql(stmt_) + "\"");
}

Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return row.error();
        if (!*row) return ok_status();
    }
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
                : std::string();
}

std::vector<std::uint8_t> Statement::column_blob(int index) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index));
    return data ? std::vector<std::uint8_t>(data, data + size) : std::vector<std::uint8_t>{};
}

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

// Savepoint names need not be unique: SQLite releases or rolls back the innermost one of a name.
constexpr const char* kSavepoint = "wagw_nested";

Result<Transaction> Transaction::begin(Database& db) {
    const bool nested = db.in_transaction();
    if (auto s = db.execute(nested ? std::string("SAVEPOINT ") + kSavepoint : "BEGIN IMMEDIATE"); !s) {
        return s.error();
    }
    return Transaction(db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), nested_(other.nested_) {}

Transaction::~Transaction() {
    if (!db_) return;
    if (nested_) {
        (void)db_->execute(std::string("ROLLBACK TO ") + kSavepoint + "; RELEASE " + kSavepoint);
    } else {
        (void)db_->execute("ROLLBACK");
    }
}

Status Transaction::commit() {
    Database* db = std::exchange(db_, nullptr);
    return db->execute(nested_ ? std::string("RELEASE ") + kSavepoint : "COMMIT");
}

}  // namespace wagw::store
