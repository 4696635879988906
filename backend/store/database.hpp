#pragma once
// A thin RAII layer over one SQLite connection. Errors come back as values naming the failing statement.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace wagw::store {

class Statement;

class Database {
public:
    // Opens (creating when missing) a database file in WAL mode with foreign keys on.
    static Result<Database> open(const std::filesystem::path& file);

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    Status execute(std::string_view sql);  // one or more statements, no parameters
    Result<Statement> prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    bool in_transaction() const;
    const std::filesystem::path& file() const { return file_; }

private:
    Database(sqlite3* handle, std::filesystem::path file) : handle_(handle), file_(std::move(file)) {}
    Error error_for(std::string_view what) const;

    sqlite3* handle_ = nullptr;
    std::filesystem::path file_;
};

// A prepared statement; bind with 1-based indexes, step until no row is left.
class Statement {
public:
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
    Statement& bind_null(int index);

    Result<bool> step();  // true while a row is available
    Status run();         // steps to completion (for statements without rows)

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::vector<std::uint8_t> column_blob(int index) const;
    bool column_is_null(int index) const;

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}

    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
    int bind_error_ = 0;
};

// Commits on commit(), rolls back when destroyed without it; keeps multi-row changes atomic. Inside an outer
// transaction it becomes a savepoint, so layers can each protect their own changes and still compose.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    Transaction(Transaction&&) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Status commit();

private:
    Transaction(Database& db, bool nested) : db_(&db), nested_(nested) {}
    Database* db_;
    bool nested_;
};

}  // namespace wagw::store
