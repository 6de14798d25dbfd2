/* A bytecode interpreter with switch dispatch (a small stack machine with locals, jumps and calls) running a
 * program that sums Collatz step counts and counts primes by trial division. Size: upper bound of the range. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, JNZ, DUP, POP, CALL, RET, HALT, SHR, AND };
typedef struct { uint8_t op; int32_t arg; } insn;

#define LOCALS 8
static int64_t run(const insn *code, int pc, int64_t *args, int nargs) {
  int64_t stack[256], locals[32 * LOCALS];
  int sp = 0, fp = 0, rets[32], rsp = 0;
  for (int i = 0; i < nargs; i++) locals[i] = args[i];
  for (;;) {
    insn in = code[pc++];
    switch (in.op) {
    case PUSH: stack[sp++] = in.arg; break;
    case LOAD: stack[sp++] = locals[fp + in.arg]; break;
    case STORE: locals[fp + in.arg] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
    case AND: sp--; stack[sp - 1] &= stack[sp]; break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
    case JMP: pc = in.arg; break;
    case JZ: if (stack[--sp] == 0) pc = in.arg; break;
    case JNZ: if (stack[--sp] != 0) pc = in.arg; break;
    case DUP: stack[sp] = stack[sp - 1]; sp++; break;
    case POP: sp--; break;
    case CALL: /* one argument on the stack goes to local 0 of the new frame */
      rets[rsp++] = pc; fp += LOCALS; locals[fp] = stack[--sp]; pc = in.arg; break;
    case RET: if (rsp == 0) return stack[sp - 1]; pc = rets[--rsp]; fp -= LOCALS; break;
    case HALT: return stack[sp - 1];
    }
  }
}

/* Assembler helpers (labels are resolved by hand below). */
static insn prog[128];
static int len;
static int emit(int op, int arg) { prog[len].op = (uint8_t)op; prog[len].arg = arg; return len++; }

int main(int argc, char **argv) {
  int64_t limit = argc > 1 ? atol(argv[1]) : 20000;
  /* collatz(n): local0 = n, local1 = steps. */
  int collatz = len;
  emit(PUSH, 0); emit(STORE, 1);
  int loop = emit(LOAD, 0); emit(PUSH, 1); emit(EQ, 0); int jdone = emit(JNZ, -1);
  emit(LOAD, 0); emit(PUSH, 1); emit(AND, 0); int jodd = emit(JNZ, -1);
  emit(LOAD, 0); emit(PUSH, 1); emit(SHR, 0); emit(STORE, 0); int jnext = emit(JMP, -1);
  prog[jodd].arg = emit(LOAD, 0); emit(PUSH, 3); emit(MUL, 0); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 0);
  prog[jnext].arg = emit(LOAD, 1); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 1); emit(JMP, loop);
  prog[jdone].arg = emit(LOAD, 1); emit(RET, 0);
  /* isprime(n): local0 = n, local1 = d. */
  int isprime = len;
  emit(LOAD, 0); emit(PUSH, 2); emit(LT, 0); int jsmall = emit(JNZ, -1);
  emit(PUSH, 2); emit(STORE, 1);
  int ploop = emit(LOAD, 1); emit(LOAD, 1); emit(MUL, 0); emit(LOAD, 0); emit(PUSH, 1); emit(ADD, 0); emit(LT, 0);
  int jyes = emit(JZ, -1);
  emit(LOAD, 0); emit(LOAD, 1); emit(MOD, 0); int jno = emit(JZ, -1);
  emit(LOAD, 1); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 1); emit(JMP, ploop);
  prog[jyes].arg = emit(PUSH, 1); emit(RET, 0);
  prog[jsmall].arg = prog[jno].arg = emit(PUSH, 0); emit(RET, 0);
  /* main(limit): local0 = limit, local1 = i, local2 = sum. */
  int entry = len;
  emit(PUSH, 1); emit(STORE, 1); emit(PUSH, 0); emit(STORE, 2);
  int mloop = emit(LOAD, 1); emit(LOAD, 0); emit(LT, 0); int jend = emit(JZ, -1);
  emit(LOAD, 1); emit(CALL, collatz); emit(LOAD, 2); emit(ADD, 0); emit(STORE, 2);
  emit(LOAD, 1); emit(CALL, isprime); emit(PUSH, 1000000); emit(MUL, 0); emit(LOAD, 2); emit(ADD, 0); emit(STORE, 2);
  emit(LOAD, 1); emit(PUSH, 1); emit(ADD, 0); emit(STORE, 1); emit(JMP, mloop);
  prog[jend].arg = emit(LOAD, 2); emit(HALT, 0);

  int64_t total = 0;
  for (int rep = 0; rep < 4; rep++) {
    int64_t args[1] = {limit + rep};
    total = total * 7 + run(prog, entry, args, 1);
  }
  printf("checksum %lld (%d instructions)\n", (long long)total, len);
  return 0;
}
