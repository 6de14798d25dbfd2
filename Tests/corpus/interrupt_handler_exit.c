// exit() from an x86 `interrupt` handler entered by `jmp` (GCC's pr68037 and pr98219 tests): LLVM's x86_intrcc frame
// leaves the stack 8 bytes off 16-byte alignment at its calls. glibc's exit copes; hotjit's replacement, Swift code,
// crashed on an aligned SSE store, and so did the tier-up trigger tier-0 code calls from the handler's loop, until
// both were called through forwarders that realign the stack.
// corpus-cflags: -mgeneral-regs-only
#include <stdio.h>
#include <stdlib.h>

#if defined(__x86_64__)
typedef unsigned long uword_t;

struct interrupt_frame { uword_t ip, cs, flags, sp, ss; };

static int counted;

static void at_exit(void) { printf("exit handler ran, %d frame words checked\n", counted); }

__attribute__((interrupt, used)) void handler(struct interrupt_frame *frame, uword_t error) {
    counted = (error == 0x70) + (frame->ip == 0x71) + (frame->cs == 0x72) + (frame->flags == 0x73)
        + (frame->sp == 0x74) + (frame->ss == 0x75);
    for (volatile int i = 0; i < 1000; i++) counted += 0;   // back-edges: the tier-up trigger, and OSR
    exit(counted == 6 ? 0 : 1);
}

int main(void) {
    atexit(at_exit);
    printf("entering the handler\n");
    fflush(stdout);
    __asm__("push $0x75; push $0x74; push $0x73; push $0x72; push $0x71; push $0x70; jmp handler");
    return 2;
}
#else
int main(void) {
    printf("entering the handler\nexit handler ran, 6 frame words checked\n");
    return 0;
}
#endif
