// Smart pointers and RAII: unique_ptr with a custom deleter and move,
// shared_ptr reference counts, weak_ptr expiry, a parent/child cycle broken
// with weak_ptr, enable_shared_from_this and destruction order.
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

struct Res {
    int id;
    explicit Res(int i) : id(i) { std::printf("  acquire %d\n", id); }
    ~Res() { std::printf("  release %d\n", id); }
};

struct FileLike {
    int fd;
};
struct Closer {
    void operator()(FileLike *f) const {
        std::printf("  custom deleter closes fd %d\n", f->fd);
        delete f;
    }
};

struct Node : std::enable_shared_from_this<Node> {
    int v;
    std::shared_ptr<Node> child;
    std::weak_ptr<Node> parent;
    explicit Node(int x) : v(x) {}
    ~Node() { std::printf("  ~Node %d\n", v); }
    std::shared_ptr<Node> self() { return shared_from_this(); }
};

static std::unique_ptr<Res> make_res(int id) { return std::make_unique<Res>(id); }
static int consume(std::unique_ptr<Res> r) { return r->id * 10; }

int main() {
    std::printf("unique_ptr:\n");
    auto r1 = make_res(1);
    auto r2 = std::move(r1);
    std::printf("  r1 empty=%d r2 id=%d\n", r1 == nullptr, r2->id);
    std::printf("  consume -> %d\n", consume(std::move(r2)));
    {
        std::unique_ptr<FileLike, Closer> f(new FileLike{ 7 });
        std::printf("  using fd %d\n", f->fd);
    }
    std::printf("shared_ptr:\n");
    std::weak_ptr<Res> watcher;
    {
        auto s1 = std::make_shared<Res>(2);
        watcher = s1;
        std::vector<std::shared_ptr<Res>> holders(3, s1);
        std::printf("  use_count=%ld expired=%d\n", s1.use_count(), watcher.expired());
        holders.clear();
        std::printf("  use_count after clear=%ld\n", s1.use_count());
        if (auto locked = watcher.lock())
            std::printf("  locked id=%d use_count=%ld\n", locked->id, locked.use_count());
    }
    std::printf("  expired after scope=%d\n", watcher.expired());
    std::printf("tree with weak parent links:\n");
    {
        auto root = std::make_shared<Node>(10);
        root->child = std::make_shared<Node>(20);
        root->child->parent = root;
        root->child->child = std::make_shared<Node>(30);
        root->child->child->parent = root->child;
        auto leaf = root->child->child;
        std::printf("  leaf parent=%d grandparent=%d\n", leaf->parent.lock()->v,
                    leaf->parent.lock()->parent.lock()->v);
        auto again = leaf->self();
        std::printf("  shared_from_this use_count=%ld\n", again.use_count());
    }
    std::printf("end of main\n");
    auto last = std::make_shared<Res>(99);
    return static_cast<int>(last.use_count()) + 20; // 21
}
