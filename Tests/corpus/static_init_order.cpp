// C++ static initialization order within one translation unit: namespace
// scope objects with printing constructors are built in definition order
// (including one that depends on earlier ones and a static data member) and
// destroyed in reverse order after main returns.
#include <cstdio>
#include <string>

static int order = 0;

struct Noisy {
    const char *name;
    int seq;
    explicit Noisy(const char *n) : name(n), seq(++order) {
        std::printf("construct %s (#%d)\n", name, seq);
    }
    ~Noisy() { std::printf("destroy %s (#%d)\n", name, seq); }
};

static int announce(const char *what, int v) {
    std::printf("dynamic init of %s = %d\n", what, v);
    return v;
}

int constant_init = 1234; // constant initialization, no code runs
Noisy first("first");
static Noisy second("second");
int computed = announce("computed", first.seq * 10 + second.seq);
Noisy third("third");
namespace ns {
Noisy fourth("ns::fourth");
}
struct Holder {
    static Noisy member;
};
Noisy Holder::member("Holder::member");
std::string greeting = std::string("hello #") + std::to_string(order);
static Noisy last("last");

int main() {
    std::printf("main: computed=%d order=%d constant_init=%d greeting=%s\n", computed, order,
                constant_init, greeting.c_str());
    std::printf("main: member seq=%d, fourth seq=%d\n", Holder::member.seq, ns::fourth.seq);
    return order;
}
