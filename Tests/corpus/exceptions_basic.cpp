// C++ exceptions thrown through several frames and caught: int, std::string,
// std::runtime_error (what()), a library-thrown std::out_of_range, a custom
// hierarchy caught by base class, rethrow with `throw;`, translation into a
// different exception, std::exception_ptr, and a throw via function pointer.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

struct AppError : std::exception {
    int code;
    explicit AppError(int c) : code(c) {}
    const char *what() const noexcept override { return "AppError"; }
};
struct NetError : AppError {
    using AppError::AppError;
    const char *what() const noexcept override { return "NetError"; }
};

__attribute__((noinline)) static int level3(int mode) {
    std::vector<int> empty;
    switch (mode) {
    case 0: return 7;
    case 1: throw 42;
    case 2: throw std::runtime_error("disk on fire");
    case 3: throw NetError(503);
    case 4: throw std::string("a string");
    case 5: return empty.at(3);
    case 6: throw AppError(400);
    default: throw 3.5;
    }
}
__attribute__((noinline)) static int level2(int mode) { return level3(mode) + 1; }
__attribute__((noinline)) static int level1(int mode) { return level2(mode) * 2; }

static int caught;

static int run(int mode) {
    try {
        return level1(mode);
    } catch (int v) {
        std::printf("  caught int %d\n", v);
    } catch (const NetError &e) {
        std::printf("  caught NetError code=%d what=%s\n", e.code, e.what());
    } catch (const AppError &e) {
        std::printf("  caught AppError (by base) code=%d what=%s\n", e.code, e.what());
    } catch (const std::out_of_range &e) {
        std::printf("  caught out_of_range: %s\n", e.what());
    } catch (const std::exception &e) {
        std::printf("  caught std::exception: %s\n", e.what());
    } catch (const std::string &s) {
        std::printf("  caught std::string: %s\n", s.c_str());
    } catch (...) {
        std::printf("  caught unknown\n");
    }
    caught++;
    return -1;
}

static void rethrower(int mode) {
    try {
        level1(mode);
    } catch (const AppError &e) {
        std::printf("  rethrower saw %s, rethrowing\n", e.what());
        throw;
    }
}

static void translator() {
    try {
        level1(2);
    } catch (const std::runtime_error &e) {
        throw AppError(static_cast<int>(std::string(e.what()).size()));
    }
}

int main() {
    for (int mode = 0; mode <= 7; mode++) {
        int r = run(mode);
        std::printf("run(%d) = %d\n", mode, r);
    }
    try {
        rethrower(3);
    } catch (const std::exception &e) {
        std::printf("rethrown, caught as std::exception: %s\n", e.what());
        caught++;
    }
    try {
        translator();
    } catch (const AppError &e) {
        std::printf("translated: %s code=%d\n", e.what(), e.code);
        caught++;
    }
    std::exception_ptr saved;
    try {
        level1(6);
    } catch (...) {
        saved = std::current_exception();
    }
    try {
        std::rethrow_exception(saved);
    } catch (const AppError &e) {
        std::printf("exception_ptr rethrown: %s %d\n", e.what(), e.code);
        caught++;
    }
    int (*fp)(int) = level1;
    try {
        fp(1);
    } catch (int v) {
        std::printf("via function pointer: %d\n", v);
        caught++;
    }
    std::printf("caught %d exceptions\n", caught);
    return caught;
}
