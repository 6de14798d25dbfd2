/* Signal handlers: handlers installed with signal() and sigaction() are
 * JIT-compiled functions invoked by the kernel; raise() delivers them
 * synchronously. Also SIG_IGN, a blocked-then-unblocked signal, and
 * sa_sigaction with siginfo. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t usr1_count, usr2_count, last_signo, si_code_seen;

static void on_usr1(int signo) {
    usr1_count++;
    last_signo = signo;
}

static void on_usr2(int signo, siginfo_t *info, void *ctx) {
    (void)ctx;
    usr2_count++;
    last_signo = signo;
    si_code_seen = info->si_code == SI_TKILL || info->si_code == SI_USER;
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("after two SIGUSR1: count=%d last=%s\n", (int)usr1_count,
           last_signo == SIGUSR1 ? "SIGUSR1" : "?");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("after SIGUSR2: count=%d si_code ok=%d last=%s\n", (int)usr2_count, (int)si_code_seen,
           last_signo == SIGUSR2 ? "SIGUSR2" : "?");

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    printf("while blocked: count=%d\n", (int)usr1_count);
    sigset_t pending;
    sigpending(&pending);
    printf("pending SIGUSR1: %d\n", sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock: count=%d\n", (int)usr1_count);

    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored: count=%d\n", (int)usr1_count);
    struct sigaction cur;
    sigaction(SIGUSR2, NULL, &cur);
    printf("SIGUSR2 handler still installed: %d\n", cur.sa_sigaction == on_usr2);
    return usr1_count * 10 + usr2_count; /* 31 */
}
