/* Function pointers handed to libc and called back: qsort on ints, structs
 * and strings with several comparators, bsearch hits and misses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int_asc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }
static int cmp_mod10(const void *a, const void *b) {
    int x = *(const int *)a % 10, y = *(const int *)b % 10;
    if (x != y)
        return x - y;
    return cmp_int_asc(a, b);
}

struct Person { const char *name; int age; };
static int cmp_person(const void *a, const void *b) {
    const struct Person *p = a, *q = b;
    if (p->age != q->age)
        return p->age - q->age;
    return strcmp(p->name, q->name);
}
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef int (*cmp_fn)(const void *, const void *);
static const struct { const char *name; cmp_fn fn; } comparators[] = {
    { "asc", cmp_int_asc }, { "desc", cmp_int_desc }, { "mod10", cmp_mod10 },
};

#define N 200
static int data[N];

static void fill(void) {
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        data[i] = (int)((s >> 16) % 1000);
    }
}

int main(void) {
    for (size_t c = 0; c < sizeof comparators / sizeof comparators[0]; c++) {
        fill();
        qsort(data, N, sizeof data[0], comparators[c].fn);
        unsigned long check = 0;
        for (int i = 0; i < N; i++)
            check = check * 31 + data[i];
        printf("%-5s first:", comparators[c].name);
        for (int i = 0; i < 8; i++)
            printf(" %d", data[i]);
        printf("  last: %d  checksum %lu\n", data[N - 1], check);
    }

    fill();
    qsort(data, N, sizeof data[0], cmp_int_asc);
    int found = 0;
    int keys[] = { data[0], data[N / 2], data[N - 1], -1, 1000, 501 };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        int *hit = bsearch(&keys[k], data, N, sizeof data[0], cmp_int_asc);
        printf("bsearch %d: %s\n", keys[k], hit ? "found" : "missing");
        if (hit) {
            found++;
            if (*hit != keys[k])
                printf("  WRONG element\n");
        }
    }

    struct Person people[] = {
        { "mallory", 41 }, { "alice", 30 }, { "bob", 25 }, { "carol", 30 },
        { "dave", 25 }, { "erin", 52 },
    };
    size_t np = sizeof people / sizeof people[0];
    qsort(people, np, sizeof people[0], cmp_person);
    for (size_t i = 0; i < np; i++)
        printf("person %zu: %s %d\n", i, people[i].name, people[i].age);

    const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date" };
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (size_t i = 0; i < nw; i++)
        printf("%s%s", words[i], i + 1 < nw ? " " : "\n");
    const char *key = "fig", *nokey = "grape";
    printf("bsearch fig: %s, grape: %s\n",
           bsearch(&key, words, nw, sizeof words[0], cmp_str) ? "found" : "missing",
           bsearch(&nokey, words, nw, sizeof words[0], cmp_str) ? "found" : "missing");
    return found;
}
