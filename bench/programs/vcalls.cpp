// C++: virtual calls through a class hierarchy held in std::vector<std::unique_ptr<Base>>, an expression tree
// evaluated by virtual eval(), std::sort with a lambda and std::vector growth. Size: rounds.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual double perimeter() const = 0;
  virtual void scale(double f) = 0;
};
struct Circle : Shape {
  double r;
  explicit Circle(double r) : r(r) {}
  double area() const override { return 3.14159265358979 * r * r; }
  double perimeter() const override { return 2 * 3.14159265358979 * r; }
  void scale(double f) override { r *= f; }
};
struct Rect : Shape {
  double w, h;
  Rect(double w, double h) : w(w), h(h) {}
  double area() const override { return w * h; }
  double perimeter() const override { return 2 * (w + h); }
  void scale(double f) override { w *= f; h *= f; }
};
struct Square : Rect {
  explicit Square(double s) : Rect(s, s) {}
  double perimeter() const override { return 4 * w; }
};
struct Triangle : Shape {
  double a, b, c;
  Triangle(double a, double b, double c) : a(a), b(b), c(c) {}
  double area() const override { double s = (a + b + c) / 2; return s * (s - a) * (s - b) * (s - c) > 0 ? s : 0; }
  double perimeter() const override { return a + b + c; }
  void scale(double f) override { a *= f; b *= f; c *= f; }
};

struct Expr {
  virtual ~Expr() = default;
  virtual long eval(long x) const = 0;
};
struct Const : Expr { long v; explicit Const(long v) : v(v) {} long eval(long) const override { return v; } };
struct Var : Expr { long eval(long x) const override { return x; } };
struct Bin : Expr {
  std::unique_ptr<Expr> l, r;
  Bin(std::unique_ptr<Expr> l, std::unique_ptr<Expr> r) : l(std::move(l)), r(std::move(r)) {}
};
struct Add : Bin { using Bin::Bin; long eval(long x) const override { return l->eval(x) + r->eval(x); } };
struct Mul : Bin { using Bin::Bin; long eval(long x) const override { return (l->eval(x) * r->eval(x)) % 1000003 + 1; } };
struct Xor : Bin { using Bin::Bin; long eval(long x) const override { return l->eval(x) ^ r->eval(x); } };

static std::unique_ptr<Expr> build(int depth, unsigned &seed) {
  seed = seed * 1664525u + 1013904223u;
  if (depth == 0) return (seed >> 16) & 1 ? std::unique_ptr<Expr>(new Var) : std::unique_ptr<Expr>(new Const(seed % 100 + 1));
  auto l = build(depth - 1, seed), r = build(depth - 1, seed);
  switch ((seed >> 8) % 3) {
  case 0: return std::make_unique<Add>(std::move(l), std::move(r));
  case 1: return std::make_unique<Mul>(std::move(l), std::move(r));
  default: return std::make_unique<Xor>(std::move(l), std::move(r));
  }
}

int main(int argc, char **argv) {
  long rounds = argc > 1 ? std::atol(argv[1]) : 100;
  std::vector<std::unique_ptr<Shape>> shapes;
  for (int i = 0; i < 2000; i++) {
    switch (i % 4) {
    case 0: shapes.push_back(std::make_unique<Circle>(1 + i % 7)); break;
    case 1: shapes.push_back(std::make_unique<Rect>(1 + i % 5, 2 + i % 3)); break;
    case 2: shapes.push_back(std::make_unique<Square>(1 + i % 9)); break;
    default: shapes.push_back(std::make_unique<Triangle>(3 + i % 4, 4 + i % 4, 5 + i % 4)); break;
    }
  }
  unsigned seed = 42;
  auto expr = build(10, seed);
  double total = 0;
  long etotal = 0;
  for (long r = 0; r < rounds; r++) {
    std::vector<double> areas;
    for (auto &s : shapes) { areas.push_back(s->area() + s->perimeter()); s->scale(r % 2 ? 1.001 : 0.999); }
    std::sort(areas.begin(), areas.end(), [](double a, double b) { return a > b; });
    total += areas[0] + areas[areas.size() / 2];
    for (long x = 0; x < 20; x++) etotal = (etotal * 31 + expr->eval(r * 20 + x)) % 1000000007;
  }
  std::printf("checksum %.6f %ld\n", total, etotal);
  return 0;
}
