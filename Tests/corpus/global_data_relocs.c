/* Global data with relocations: pointers to other globals and into the
 * middle of arrays, arrays of string pointers, a linked structure built
 * entirely by static initializers, function pointers mixed with data, and
 * pointer differences computed at compile time. */
#include <stddef.h>
#include <stdio.h>

struct Node { const char *name; const struct Node *next; int value; };

static const struct Node n3 = { "three", NULL, 3 };
static const struct Node n2 = { "two", &n3, 2 };
static const struct Node n1 = { "one", &n2, 1 };
const struct Node *const list_head = &n1;

int numbers[10] = { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90 };
int *middle = &numbers[5];
int *const end_ptr = numbers + 10;
const ptrdiff_t span = &numbers[9] - &numbers[2];

const char *const colors[] = { "red", "green", "blue", NULL };
const char *const *color_cursor = &colors[1];
const char greeting[] = "hello, relocations";
const char *greeting_tail = greeting + 7;

static int twice(int x) { return 2 * x; }
static int thrice(int x) { return 3 * x; }
struct Entry { const char *label; int (*fn)(int); int *slot; };
static struct Entry entries[] = {
    { "twice", twice, &numbers[1] },
    { "thrice", thrice, &numbers[2] },
    { "twice-again", twice, NULL },
};
static struct Entry *const last_entry = &entries[2];

struct Matrix { int rows, cols; const int *data; };
static const int mdata[] = { 1, 2, 3, 4, 5, 6 };
static const struct Matrix mat = { 2, 3, mdata };
static const struct Matrix *const mats[] = { &mat, &mat };

int main(void) {
    for (const struct Node *n = list_head; n; n = n->next)
        printf("node %s = %d\n", n->name, n->value);
    printf("middle=%d end-middle=%ld span=%ld\n", *middle, (long)(end_ptr - middle), (long)span);
    *middle += 5;
    printf("numbers[5] via array: %d\n", numbers[5]);
    for (const char *const *c = color_cursor; *c; c++)
        printf("color %s\n", *c);
    printf("greeting tail: %s\n", greeting_tail);
    int acc = 0;
    for (struct Entry *e = entries; e <= last_entry; e++) {
        int arg = e->slot ? *e->slot : 7;
        int r = e->fn(arg);
        printf("%s(%d) = %d\n", e->label, arg, r);
        acc += r;
    }
    printf("entries[0].fn == entries[2].fn: %d\n", entries[0].fn == entries[2].fn);
    int trace = 0;
    for (int r = 0; r < mats[1]->rows; r++)
        for (int c = 0; c < mats[1]->cols; c++)
            trace += mats[0]->data[r * mats[1]->cols + c] * (r + 1);
    printf("matrix weighted sum: %d\n", trace);
    return acc; /* 20 + 60 + 14 */
}
