/* Plain goto: jumping into the middle of while/for/do loops, backward
 * gotos forming loops, breaking out of nested loops, and a goto-based state
 * machine that re-enters a loop body. */
#include <stdio.h>

__attribute__((noinline)) static int into_while(int n) {
    int i = 0, acc = 0;
    goto middle;
    while (i < n) {
        acc += 100;
middle:
        acc += i;
        i++;
    }
    return acc;
}

__attribute__((noinline)) static int into_for(int n) {
    int acc = 1, i;
    i = 3;
    goto inside;
    for (i = 0; i < n; i++) {
        acc *= 2;
inside:
        acc += i;
    }
    return acc;
}

__attribute__((noinline)) static int into_do(int n) {
    int acc = 0;
    if (n > 5)
        goto body;
    acc = -1000;
    do {
        acc -= 1;
body:
        acc += 10;
    } while (--n > 0);
    return acc;
}

__attribute__((noinline)) static long backward_loop(int n) {
    long f = 1;
    int i = 1;
again:
    f *= i;
    if (++i <= n)
        goto again;
    return f;
}

__attribute__((noinline)) static int find_pair(int target, int *pi, int *pj) {
    for (int i = 1; i < 50; i++)
        for (int j = i; j < 50; j++)
            if (i * j == target && i + j == 26) {
                *pi = i;
                *pj = j;
                goto found;
            }
    return 0;
found:
    return 1;
}

__attribute__((noinline)) static int reenter(const char *s) {
    int words = 0, i = 0;
start:
    while (s[i] == ' ')
        i++;
    if (!s[i])
        return words;
    words++;
    for (; s[i]; i++)
        if (s[i] == ' ')
            goto start;
    return words;
}

int main(void) {
    printf("into_while(10) = %d\n", into_while(10));
    printf("into_for(8) = %d\n", into_for(8));
    printf("into_do(9) = %d, into_do(3) = %d\n", into_do(9), into_do(3));
    printf("backward_loop(15) = %ld\n", backward_loop(15));
    int i = 0, j = 0;
    int ok = find_pair(160, &i, &j);
    printf("find_pair: %d (%d, %d)\n", ok, i, j);
    printf("words: %d\n", reenter("  goto   into  loops is legal C "));
    return i + j; /* 26 */
}
