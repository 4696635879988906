#pragma once
// A fresh temporary folder per test, removed afterwards.
#include <filesystem>
#include <random>
#include <string>

class TestDir {
public:
    TestDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() / ("wagw-test-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TestDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TestDir(const TestDir&) = delete;
    TestDir& operator=(const TestDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};
