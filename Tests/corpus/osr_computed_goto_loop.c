// OSR in a computed-goto interpreter whose opcode handlers have loops of their own (Lua's luaV_execute, reduced).
// At -O0 clang sends every `goto *` through one dispatch block, `%dest = phi ptr [...]; indirectbr`, a loop
// header whose PHI is a live-in of every handler's inner loop. Instrumenting the dispatch loop's latches rebuilt that
// PHI, and the inner loops' OSR polls (built later) passed the erased one: a corrupt tier-0 unit (a crash in code
// generation) or a wrong pointer in the continuation.
#include <stdio.h>

enum { OP_ADD, OP_SUMTO, OP_MULLOOP, OP_COPY, OP_JNZ, OP_HALT };

static long run(const int *code, long *regs) {
    static void *labels[] = {&&op_add, &&op_sumto, &&op_mulloop, &&op_copy, &&op_jnz, &&op_halt};
    const int *pc = code;
    long steps = 0;
#define NEXT() do { steps++; goto *labels[*pc]; } while (0)
    NEXT();
op_add:
    regs[pc[1]] += pc[2];
    pc += 3;
    NEXT();
op_sumto: {                       // an inner loop in a handler
    long s = 0;
    for (int i = 0; i < pc[2]; i++) s += i ^ (s >> 3);
    regs[pc[1]] += s;
    pc += 3;
    NEXT();
}
op_mulloop: {                     // a nested pair
    long m = regs[0];
    for (int i = 0; i < pc[2]; i++)
        for (int j = 0; j < 3; j++) m = (m * 31 + i + j) % 1000003;
    regs[pc[1]] ^= m;
    pc += 3;
    NEXT();
}
op_copy: {                        // a do-while
    int k = pc[2];
    do { regs[pc[1]] += regs[(pc[1] + 1) % 4] & 7; } while (--k > 0);
    pc += 3;
    NEXT();
}
op_jnz:
    if (--regs[pc[1]] > 0) pc -= pc[2]; else pc += 3;
    NEXT();
op_halt:
    return steps;
#undef NEXT
}

int main(void) {
    int code[] = {
        OP_ADD, 0, 300,            // r0 = 300: the loop count
        OP_SUMTO, 1, 200,          // 3
        OP_MULLOOP, 2, 50,         // 6
        OP_COPY, 3, 20,            // 9
        OP_ADD, 1, 1,              // 12
        OP_JNZ, 0, 12,             // 15: back to 3
        OP_HALT,
    };
    long regs[4] = {0, 0, 0, 0};
    long steps = run(code, regs);
    printf("steps %ld regs %ld %ld %ld %ld\n", steps, regs[0], regs[1], regs[2], regs[3]);
    return 0;
}
