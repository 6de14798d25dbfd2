/* Computed goto: a bytecode interpreter dispatching through a static table
 * of label addresses (&&label, goto *), a state machine whose label
 * addresses live in a local array and are routed through another function,
 * and a generator keeping a label address in a static across calls. */
#include <stdio.h>

enum { OP_PUSH, OP_DUP, OP_OVER, OP_SWAP, OP_DROP, OP_ADD, OP_MUL, OP_DEC,
       OP_JNZ, OP_PRINT, OP_HALT };
typedef struct { int op; long arg; } Insn;

static long interp(const Insn *code, long *steps_out) {
    static void *const table[] = {
        &&op_push, &&op_dup, &&op_over, &&op_swap, &&op_drop, &&op_add,
        &&op_mul, &&op_dec, &&op_jnz, &&op_print, &&op_halt,
    };
    long stack[32];
    int sp = 0;
    long steps = 0;
    const Insn *pc = code;
#define NEXT() do { steps++; goto *table[pc->op]; } while (0)
    NEXT();
op_push:  stack[sp++] = pc->arg; pc++; NEXT();
op_dup:   stack[sp] = stack[sp - 1]; sp++; pc++; NEXT();
op_over:  stack[sp] = stack[sp - 2]; sp++; pc++; NEXT();
op_swap:  { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; }
          pc++; NEXT();
op_drop:  sp--; pc++; NEXT();
op_add:   sp--; stack[sp - 1] += stack[sp]; pc++; NEXT();
op_mul:   sp--; stack[sp - 1] *= stack[sp]; pc++; NEXT();
op_dec:   stack[sp - 1]--; pc++; NEXT();
op_jnz:   sp--; if (stack[sp]) pc = code + pc->arg; else pc++; NEXT();
op_print: printf("  vm print: %ld\n", stack[sp - 1]); pc++; NEXT();
op_halt:
#undef NEXT
    *steps_out = steps;
    return sp > 0 ? stack[sp - 1] : -1;
}

/* acc = init; n = count; do { acc = acc OP n; } while (--n); print acc */
static const Insn factorial10[] = {
    {OP_PUSH, 1}, {OP_PUSH, 10},
    {OP_SWAP, 0}, {OP_OVER, 0}, {OP_MUL, 0}, {OP_SWAP, 0}, {OP_DEC, 0},
    {OP_DUP, 0}, {OP_JNZ, 2}, {OP_DROP, 0}, {OP_PRINT, 0}, {OP_HALT, 0},
};
static const Insn sum100[] = {
    {OP_PUSH, 0}, {OP_PUSH, 100},
    {OP_SWAP, 0}, {OP_OVER, 0}, {OP_ADD, 0}, {OP_SWAP, 0}, {OP_DEC, 0},
    {OP_DUP, 0}, {OP_JNZ, 2}, {OP_DROP, 0}, {OP_PRINT, 0}, {OP_HALT, 0},
};

/* Label addresses built in a local (non-static) array: blockaddress used as
 * an instruction operand, passed out to another function and back. */
__attribute__((noinline)) static void *pick(void *const *targets, unsigned state) {
    return targets[state % 3];
}

static long state_machine(unsigned seed, int rounds) {
    void *targets[3] = { &&st_a, &&st_b, &&st_c };
    long acc = 1;
    unsigned state = seed;
    goto *pick(targets, state);
st_a:
    acc += 3; state = state * 7 + 1;
    if (--rounds <= 0) goto done;
    goto *pick(targets, state);
st_b:
    acc *= 2; state = state * 5 + 3;
    if (--rounds <= 0) goto done;
    goto *pick(targets, state);
st_c:
    acc -= 5; state = state * 3 + 2;
    if (--rounds <= 0) goto done;
    goto *pick(targets, state);
done:
    return acc;
}

/* Generator: the resume point is a label address kept in a static, so a
 * label address taken in one call is jumped to in a later call. */
static long fib_gen(int reset) {
    static void *resume = NULL;
    static long a, b;
    if (reset)
        resume = NULL;
    if (resume)
        goto *resume;
    a = 0;
    b = 1;
    for (;;) {
        resume = &&after_yield;
        return b;
after_yield:
        { long t = a + b; a = b; b = t; }
    }
}

int main(void) {
    long steps = 0;
    long fact = interp(factorial10, &steps);
    printf("factorial(10) = %ld in %ld dispatches\n", fact, steps);
    long sum = interp(sum100, &steps);
    printf("sum(1..100) = %ld in %ld dispatches\n", sum, steps);

    for (unsigned seed = 0; seed < 6; seed++)
        printf("state_machine(seed=%u) = %ld\n", seed, state_machine(seed, 25));

    printf("fib:");
    for (int i = 0; i < 20; i++)
        printf(" %ld", fib_gen(0));
    printf("\nfib after reset:");
    for (int i = 0; i < 5; i++)
        printf(" %ld", fib_gen(i == 0));
    printf("\n");
    return (fact == 3628800 && sum == 5050) ? 4 : 1;
}
