// Virtual calls and multiple inheritance: pure virtuals, virtual destructors
// through base pointers, calls through a secondary base (this-adjusting
// thunks), a virtual-inheritance diamond, dynamic_cast (down and cross),
// typeid names and pointers to virtual member functions.
#include <cstdio>
#include <typeinfo>

struct Shape {
    virtual ~Shape() { std::printf("  ~Shape\n"); }
    virtual double area() const = 0;
    virtual const char *name() const { return "shape"; }
};
struct Rect : Shape {
    double w, h;
    Rect(double w_, double h_) : w(w_), h(h_) {}
    ~Rect() override { std::printf("  ~Rect %s\n", name()); }
    double area() const override { return w * h; }
    const char *name() const override { return "rect"; }
};
struct Square : Rect {
    explicit Square(double s) : Rect(s, s) {}
    const char *name() const override { return "square"; }
};

struct Printable {
    int pid = 7;
    virtual ~Printable() {}
    virtual void print() const = 0;
};
struct Named {
    int nid = 9;
    virtual ~Named() {}
    virtual const char *label() const = 0;
    virtual int weight() const { return nid; }
};
struct Widget : Shape, Printable, Named {
    int size;
    explicit Widget(int s) : size(s) {}
    ~Widget() override { std::printf("  ~Widget %d\n", size); }
    double area() const override { return size * 0.5; }
    void print() const override { std::printf("  Widget(%d) pid=%d nid=%d\n", size, pid, nid); }
    const char *label() const override { return "widget"; }
    int weight() const override { return size * 100 + nid; }
};

struct Base {
    int v;
    explicit Base(int x) : v(x) {}
    virtual ~Base() {}
    virtual int get() const { return v; }
};
struct Left : virtual Base {
    Left() : Base(1) {}
    int get() const override { return Base::get() * 2; }
    virtual int left_only() const { return 11; }
};
struct Right : virtual Base {
    Right() : Base(2) {}
    virtual int right_only() const { return v + 22; }
};
struct Diamond : Left, Right {
    Diamond() : Base(100) {}
    int get() const override { return Left::get() + 1; }
    int right_only() const override { return Right::right_only() + 1000; }
};

__attribute__((noinline)) static void show(const Shape &s) {
    std::printf("%s area=%.17g\n", s.name(), s.area());
}
__attribute__((noinline)) static int use_named(const Named *n) { return n->weight(); }

int main() {
    Shape *shapes[] = { new Rect(2, 3.5), new Square(1.5), new Widget(3) };
    for (Shape *s : shapes)
        show(*s);
    for (Shape *s : shapes) {
        if (auto *p = dynamic_cast<Printable *>(s)) { // cross-cast
            p->print();
            auto *n = dynamic_cast<Named *>(p);
            std::printf("  label=%s weight=%d\n", n->label(), use_named(n));
        }
        std::printf("  is Rect: %d, typeid: %s\n", dynamic_cast<Rect *>(s) != nullptr,
                    typeid(*s).name());
    }
    Widget w(5);
    Printable &pr = w;
    Named &nm = w;
    pr.print();
    std::printf("via Named&: %s %d, same object: %d\n", nm.label(), nm.weight(),
                static_cast<Widget *>(&nm) == &w);

    Diamond d;
    Base *b = &d;
    Left *l = &d;
    Right *r = &d;
    std::printf("diamond: get=%d left_only=%d right_only=%d v=%d\n", b->get(), l->left_only(),
                r->right_only(), r->v);
    int (Right::*pm)() const = &Right::right_only;
    int (Base::*pg)() const = &Base::get;
    std::printf("member pointers: %d %d\n", (r->*pm)(), (b->*pg)());

    int total = 0;
    for (Shape *s : shapes) {
        total += static_cast<int>(s->area());
        delete s;
    }
    std::printf("total area (truncated) %d\n", total);
    return total; // 7 + 2 + 1
}
