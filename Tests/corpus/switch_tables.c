/* Switch statements: dense (jump table), sparse (compare tree), case
 * ranges, fallthrough chains, 64-bit case values, and Duff's device. */
#include <stdio.h>

__attribute__((noinline)) static int dense(int x) {
    switch (x) {
    case 0: return 17;   case 1: return 4;    case 2: return 99;   case 3: return -8;
    case 4: return 1234; case 5: return 55;   case 6: return 6;    case 7: return 700;
    case 8: return -1;   case 9: return 90;   case 10: return 3;   case 11: return 31;
    case 12: return 12;  case 13: return 1313; case 14: return -14; case 15: return 150;
    default: return 0;
    }
}

__attribute__((noinline)) static const char *dense_names(unsigned x) {
    switch (x) {
    case 0: return "zero";  case 1: return "one";   case 2: return "two";  case 3: return "three";
    case 4: return "four";  case 5: return "five";  case 6: return "six";  case 7: return "seven";
    case 8: return "eight"; case 9: return "nine";
    default: return "many";
    }
}

__attribute__((noinline)) static int sparse(long x) {
    switch (x) {
    case -5: return 1;
    case 1: return 2;
    case 100: return 3;
    case 1000: return 4;
    case 65536: return 5;
    case 0x7fffffff: return 6;
    case 1000000000000L: return 7;
    case -1000000000000L: return 8;
    default: return 0;
    }
}

__attribute__((noinline)) static int classify(char c) {
    switch (c) {
    case 'a' ... 'z': return 1;
    case 'A' ... 'Z': return 2;
    case '0' ... '9': return 3;
    case ' ': case '\t': return 4;
    default: return 0;
    }
}

__attribute__((noinline)) static int fallthrough(int x) {
    int r = 0;
    switch (x) {
    case 0: r += 1; __attribute__((fallthrough));
    case 1: r += 10; __attribute__((fallthrough));
    case 2: r += 100; break;
    case 3: r += 1000; __attribute__((fallthrough));
    default: r += 10000;
    }
    return r;
}

static void duff_copy(short *to, const short *from, int count) {
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = *from++; __attribute__((fallthrough));
    case 7:      *to++ = *from++; __attribute__((fallthrough));
    case 6:      *to++ = *from++; __attribute__((fallthrough));
    case 5:      *to++ = *from++; __attribute__((fallthrough));
    case 4:      *to++ = *from++; __attribute__((fallthrough));
    case 3:      *to++ = *from++; __attribute__((fallthrough));
    case 2:      *to++ = *from++; __attribute__((fallthrough));
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}

int main(void) {
    long sum = 0;
    for (int i = -2; i < 18; i++) {
        int d = dense(i);
        sum = sum * 3 + d;
        printf("%d%s", d, i < 17 ? " " : "\n");
    }
    for (unsigned i = 0; i < 12; i += 3)
        printf("%s ", dense_names(i));
    printf("\n");
    long probes[] = { -5, 1, 2, 100, 1000, 65536, 65537, 0x7fffffff, 1000000000000L,
                      -1000000000000L, 0 };
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        int s = sparse(probes[i]);
        sum = sum * 3 + s;
        printf("%d", s);
    }
    printf("\n");
    const char *text = "Hello World 42\tok!";
    for (const char *p = text; *p; p++)
        printf("%d", classify(*p));
    printf("\n");
    for (int i = 0; i < 5; i++)
        printf("fallthrough(%d) = %d\n", i, fallthrough(i));
    short src[37], dst[37] = { 0 };
    for (int i = 0; i < 37; i++)
        src[i] = (short)(i * i);
    for (int count = 35; count <= 37; count++) {
        duff_copy(dst, src, count);
        long t = 0;
        for (int i = 0; i < 37; i++)
            t += dst[i];
        printf("duff %d: %ld\n", count, t);
    }
    printf("checksum %ld\n", sum);
    return (int)(sum % 200 + 200) % 200;
}
