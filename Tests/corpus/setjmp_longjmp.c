/* setjmp/longjmp: longjmp across several frames, longjmp(…, 0) turning
 * into 1, a retry loop driven by longjmp, nested jump buffers where an
 * inner handler forwards to an outer one, volatile locals, sigsetjmp. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

__attribute__((noinline)) static void level3(int v) {
    depth_reached = 3;
    printf("  level3(%d): longjmp\n", v);
    longjmp(env, v);
}
__attribute__((noinline)) static void level2(int v) {
    depth_reached = 2;
    level3(v + 1);
    printf("  unreachable in level2\n");
}
__attribute__((noinline)) static void level1(int v) {
    depth_reached = 1;
    level2(v + 1);
    printf("  unreachable in level1\n");
}

static int try_levels(int start) {
    int got;
    switch (setjmp(env)) {
    case 0:
        level1(start);
        return -1;
    case 1: got = 1; break;
    case 7: got = 7; break;
    default: got = 99; break;
    }
    return depth_reached * 100 + got;
}

static jmp_buf retry_env;
static int attempts;
static void flaky(void) {
    attempts++;
    if (attempts < 4) {
        printf("  attempt %d failed\n", attempts);
        longjmp(retry_env, attempts);
    }
    printf("  attempt %d succeeded\n", attempts);
}

static jmp_buf outer, inner;
__attribute__((noinline)) static void thrower(int code) { longjmp(inner, code); }
static int inner_handler(int code) {
    if (setjmp(inner) == 0) {
        thrower(code);
        return 0;
    }
    printf("  inner handler caught %d, forwarding\n", code);
    longjmp(outer, code * 2);
}

int main(void) {
    /* level3 receives start+2 and longjmps with it */
    printf("try_levels(5) -> %d\n", try_levels(5));
    printf("try_levels(-2) -> %d (longjmp 0 becomes 1)\n", try_levels(-2));
    printf("try_levels(40) -> %d\n", try_levels(40));

    volatile int seen = 0;
    volatile int rounds = 0;
    if (setjmp(retry_env) != 0)
        seen += attempts;
    rounds++;
    flaky();
    printf("retry: attempts=%d seen=%d rounds=%d\n", attempts, seen, rounds);

    volatile int forwarded = 0;
    if (setjmp(outer) != 0) {
        forwarded++;
        printf("  outer handler, forwarded=%d\n", forwarded);
    } else {
        inner_handler(21);
    }
    if (forwarded < 2 && setjmp(outer) != 0)
        printf("  outer handler (second buffer use)\n");
    else if (forwarded < 2) {
        forwarded = 2;
        inner_handler(4);
    }

    sigjmp_buf sj;
    volatile int sig_rounds = 0;
    if (sigsetjmp(sj, 1) == 0 || sig_rounds < 3) {
        sig_rounds++;
        if (sig_rounds <= 3)
            siglongjmp(sj, sig_rounds);
    }
    printf("siglongjmp rounds: %d\n", sig_rounds);
    return seen;
}
