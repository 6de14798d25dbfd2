/* Call-heavy: many small functions and structs passed and returned by value (a 2-D/3-D vector toolkit and a
 * fixed-point particle update). Size: number of outer steps. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

typedef struct { double x, y, z; } vec3;
typedef struct { int32_t num, den; } ratio;
typedef struct { vec3 pos, vel; uint32_t tag; } particle;

static vec3 v3(double x, double y, double z) { vec3 r = {x, y, z}; return r; }
static vec3 add(vec3 a, vec3 b) { return v3(a.x + b.x, a.y + b.y, a.z + b.z); }
static vec3 sub(vec3 a, vec3 b) { return v3(a.x - b.x, a.y - b.y, a.z - b.z); }
static vec3 scale(vec3 a, double s) { return v3(a.x * s, a.y * s, a.z * s); }
static double dot(vec3 a, vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static vec3 cross(vec3 a, vec3 b) { return v3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x); }
static double clampd(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }
static vec3 clampv(vec3 a, double lim) { return v3(clampd(a.x, -lim, lim), clampd(a.y, -lim, lim), clampd(a.z, -lim, lim)); }

static int32_t gcd(int32_t a, int32_t b) { while (b) { int32_t t = a % b; a = b; b = t; } return a < 0 ? -a : a; }
static ratio rnorm(ratio r) { int32_t g = gcd(r.num, r.den); if (g == 0) g = 1; ratio o = {r.num / g, r.den / g}; return o; }
static ratio radd(ratio a, ratio b) { ratio r = {a.num * b.den + b.num * a.den, a.den * b.den}; return rnorm(r); }
static ratio rmod(ratio a) { ratio r = {a.num % 1000, a.den % 1000 + 1}; return r; }

static uint32_t mix(uint32_t h, uint32_t v) { h ^= v; h *= 0x9E3779B1u; return h ^ (h >> 15); }
static uint32_t hash_double(double d) { int64_t q = (int64_t)(d * 1024.0); return (uint32_t)q ^ (uint32_t)(q >> 32); }
static uint32_t hash_vec(vec3 v) { return mix(mix(mix(17, hash_double(v.x)), hash_double(v.y)), hash_double(v.z)); }

static particle step(particle p, vec3 gravity, double dt) {
  vec3 acc = add(gravity, scale(cross(p.vel, v3(0.0, 0.0, 1.0)), 0.01));
  p.vel = clampv(add(p.vel, scale(acc, dt)), 50.0);
  p.pos = add(p.pos, scale(p.vel, dt));
  if (p.pos.y < 0) { p.pos.y = -p.pos.y; p.vel.y = -p.vel.y * 0.9; p.tag++; }
  return p;
}

#define N 64
int main(int argc, char **argv) {
  long steps = argc > 1 ? atol(argv[1]) : 1000;
  particle ps[N];
  for (int i = 0; i < N; i++) {
    ps[i].pos = v3(i * 0.5, 10.0 + i % 7, -i * 0.25);
    ps[i].vel = v3((i % 5) - 2.0, 0.0, (i % 3) * 0.5);
    ps[i].tag = 0;
  }
  vec3 g = v3(0.0, -9.81, 0.0);
  ratio acc = {0, 1};
  uint32_t h = 0;
  double energy = 0;
  for (long s = 0; s < steps; s++) {
    for (int i = 0; i < N; i++) {
      ps[i] = step(ps[i], g, 0.001);
      energy += 0.5 * dot(ps[i].vel, ps[i].vel);
      ratio r = {(int32_t)(i + 1), (int32_t)(s % 97 + 1)};
      acc = rmod(radd(acc, r));
    }
    if (s % 64 == 0) for (int i = 0; i < N; i++) h = mix(h, hash_vec(sub(ps[i].pos, ps[(i + 1) % N].pos)));
  }
  uint32_t tags = 0;
  for (int i = 0; i < N; i++) tags += ps[i].tag;
  printf("checksum %08x %d/%d %u %.6e\n", h, acc.num, acc.den, tags, energy);
  return 0;
}
