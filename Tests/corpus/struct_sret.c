/* Structs returned by value: register returns (INTEGER, SSE, mixed) and
 * sret returns of large structs, chained calls, returns via a function
 * pointer, from recursion, and assigned straight into an array element. */
#include <stdio.h>
#include <string.h>

struct Pt { int x, y; };                        /* RAX */
struct PtD { double x, y; };                    /* XMM0, XMM1 */
struct DL { double d; long l; };                /* XMM0 + RAX */
struct Vec3 { double v[3]; };                   /* sret, 24 bytes */
struct Block { int data[64]; char label[16]; }; /* sret, big */

__attribute__((noinline)) static struct Pt make_pt(int x, int y) { struct Pt p = { x, y }; return p; }
__attribute__((noinline)) static struct Pt add_pt(struct Pt a, struct Pt b) { return make_pt(a.x + b.x, a.y + b.y); }
__attribute__((noinline)) static struct PtD make_ptd(double x, double y) { return (struct PtD){ x, y }; }
__attribute__((noinline)) static struct DL make_dl(double d, long l) { return (struct DL){ d * 2, l * 3 }; }
__attribute__((noinline)) static struct Vec3 make_vec(double a, double b, double c) {
    struct Vec3 v = { { a, b, c } };
    return v;
}
__attribute__((noinline)) static struct Vec3 cross(struct Vec3 a, struct Vec3 b) {
    return make_vec(a.v[1] * b.v[2] - a.v[2] * b.v[1], a.v[2] * b.v[0] - a.v[0] * b.v[2],
                    a.v[0] * b.v[1] - a.v[1] * b.v[0]);
}
__attribute__((noinline)) static struct Block make_block(int seed, const char *label) {
    struct Block b;
    for (int i = 0; i < 64; i++)
        b.data[i] = seed * i + (i ^ seed);
    strncpy(b.label, label, sizeof b.label - 1);
    b.label[sizeof b.label - 1] = 0;
    return b;
}
static struct Vec3 vec_pow(struct Vec3 v, int n) {
    if (n == 0)
        return make_vec(1, 1, 1);
    struct Vec3 r = vec_pow(v, n - 1);
    return make_vec(r.v[0] * v.v[0], r.v[1] * v.v[1], r.v[2] * v.v[2]);
}

typedef struct Block (*block_fn)(int, const char *);

int main(void) {
    struct Pt p = add_pt(make_pt(1, 2), add_pt(make_pt(10, 20), make_pt(100, 200)));
    printf("pt: %d %d\n", p.x, p.y);
    struct PtD d = make_ptd(0.5, -2.25);
    printf("ptd: %.17g %.17g\n", d.x, d.y);
    struct DL dl = make_dl(1.25, 14);
    printf("dl: %.17g %ld\n", dl.d, dl.l);
    struct Vec3 c = cross(make_vec(1, 0, 0), make_vec(0, 1, 0));
    printf("cross: %.17g %.17g %.17g\n", c.v[0], c.v[1], c.v[2]);
    struct Vec3 c2 = cross(make_vec(1.5, 2.5, -3), make_vec(4, -0.5, 2));
    printf("cross2: %.17g %.17g %.17g\n", c2.v[0], c2.v[1], c2.v[2]);
    struct Vec3 pw = vec_pow(make_vec(2, 3, 0.5), 10);
    printf("pow: %.17g %.17g %.17g\n", pw.v[0], pw.v[1], pw.v[2]);

    block_fn bf = make_block;
    struct Block blocks[3];
    for (int i = 0; i < 3; i++)
        blocks[i] = bf(i + 3, i == 1 ? "a-very-long-label-here" : "short");
    for (int i = 0; i < 3; i++) {
        long sum = 0;
        for (int k = 0; k < 64; k++)
            sum += blocks[i].data[k];
        printf("block %d: %s sum=%ld last=%d\n", i, blocks[i].label, sum, blocks[i].data[63]);
    }
    return p.x % 100 + p.y % 7; /* 11 + 1 */
}
