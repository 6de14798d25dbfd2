// C++ function-local statics: lazy construction on first call, one-time
// dynamic initialization, statics in member functions and templates, and
// destruction at exit interleaved correctly with atexit handlers (both use
// the same LIFO list).
#include <cstdio>
#include <cstdlib>
#include <string>

struct Logger {
    std::string name;
    int lines = 0;
    explicit Logger(const char *n) : name(n) { std::printf("  Logger(%s) constructed\n", n); }
    ~Logger() { std::printf("  Logger(%s) destroyed after %d lines\n", name.c_str(), lines); }
    void log(const char *msg) { std::printf("  [%s #%d] %s\n", name.c_str(), ++lines, msg); }
};

static Logger &main_logger() {
    static Logger l("main");
    return l;
}

static int initial_value() {
    std::printf("  initial_value() called\n");
    return 40;
}

static int next_value() {
    static int n = initial_value();
    return ++n;
}

struct Widget {
    static int &instances() {
        static int count = 0;
        return count;
    }
    Widget() { instances()++; }
};

template <typename T> struct Box { T value{}; int id; Box() : id(static_cast<int>(sizeof(T))) {} };

template <typename T> Box<T> &singleton() {
    static Box<T> b;
    return b;
}

static void at_exit_handler() { std::printf("  atexit handler (registered between statics)\n"); }

int main() {
    std::printf("main start\n");
    std::printf("next_value: %d\n", next_value());
    std::printf("next_value: %d\n", next_value());
    main_logger().log("first message");
    std::atexit(at_exit_handler);
    static Logger late("late");
    late.log("late message");
    main_logger().log("second message");
    Widget a, b, c;
    std::printf("widgets: %d\n", Widget::instances());
    singleton<int>().value = 5;
    singleton<double>().value = 2.5;
    singleton<int>().value += 1;
    std::printf("singletons: int=%d(id %d) double=%.17g(id %d) same=%d\n", singleton<int>().value,
                singleton<int>().id, singleton<double>().value, singleton<double>().id,
                &singleton<int>() == &singleton<int>());
    std::printf("main end\n");
    return next_value() - 40; // 3
}
