/* Heap-heavy code: a 20000-node singly linked list (build, reverse, sum,
 * free), a binary search tree of pseudo-random keys (insert, in-order
 * checksum, height, free), and a realloc-grown array. */
#include <stdio.h>
#include <stdlib.h>

struct Node { long value; struct Node *next; };
struct Tree { int key; int count; struct Tree *left, *right; };

static struct Node *build_list(int n) {
    struct Node *head = NULL;
    for (int i = 0; i < n; i++) {
        struct Node *nd = malloc(sizeof *nd);
        nd->value = (long)i * i % 1009;
        nd->next = head;
        head = nd;
    }
    return head;
}

static struct Node *reverse(struct Node *h) {
    struct Node *prev = NULL;
    while (h) {
        struct Node *next = h->next;
        h->next = prev;
        prev = h;
        h = next;
    }
    return prev;
}

static struct Tree *insert(struct Tree *t, int key) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        t->count = 1;
        return t;
    }
    if (key < t->key)
        t->left = insert(t->left, key);
    else if (key > t->key)
        t->right = insert(t->right, key);
    else
        t->count++;
    return t;
}

static void inorder(const struct Tree *t, unsigned long *check, int *nodes) {
    if (!t)
        return;
    inorder(t->left, check, nodes);
    *check = *check * 131 + (unsigned long)t->key * (unsigned long)t->count;
    (*nodes)++;
    inorder(t->right, check, nodes);
}

static int height(const struct Tree *t) {
    if (!t)
        return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

static void free_tree(struct Tree *t) {
    if (!t)
        return;
    free_tree(t->left);
    free_tree(t->right);
    free(t);
}

int main(void) {
    struct Node *list = reverse(build_list(20000));
    long sum = 0, first = list->value;
    int len = 0;
    for (struct Node *p = list; p; p = p->next, len++)
        sum += p->value * (len % 7);
    printf("list: len=%d first=%ld weighted sum=%ld\n", len, first, sum);
    while (list) {
        struct Node *n = list->next;
        free(list);
        list = n;
    }

    struct Tree *root = NULL;
    unsigned s = 2024;
    for (int i = 0; i < 8000; i++) {
        s = s * 1103515245u + 12345u;
        root = insert(root, (int)((s >> 8) % 5000));
    }
    unsigned long check = 0;
    int nodes = 0;
    inorder(root, &check, &nodes);
    printf("tree: nodes=%d height=%d checksum=%lu\n", nodes, height(root), check);
    free_tree(root);

    size_t cap = 1, n = 0;
    int *arr = malloc(cap * sizeof *arr);
    for (int i = 0; i < 100000; i++) {
        if (n == cap) {
            cap *= 2;
            arr = realloc(arr, cap * sizeof *arr);
        }
        arr[n++] = i ^ (i >> 3);
    }
    long asum = 0;
    for (size_t i = 0; i < n; i += 997)
        asum += arr[i];
    printf("array: n=%zu cap=%zu sampled sum=%ld\n", n, cap, asum);
    free(arr);
    return nodes % 100;
}
