/*
 * Signals through glibc: sigaction (glibc sets SA_RESTORER), siglongjmp out
 * of a SIGSEGV handler, a SIGFPE handler that fixes the divisor in the saved
 * context and returns, raise(SIGBUS), SA_RESETHAND, sigprocmask/sigpending,
 * alarm and pause, a periodic ITIMER_REAL waited for with sigsuspend,
 * ITIMER_VIRTUAL while computing, nanosleep cut short by SIGALRM, getitimer.
 * Prints nothing that depends on addresses, the pid or timing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile sig_atomic_t alarms, vtalarms, usr1;
static volatile int segv_code;
static volatile void *segv_addr;

static void on_segv(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    segv_code = info->si_code;
    segv_addr = info->si_addr;
    siglongjmp(env, sig);
}

static void on_fpe(int sig, siginfo_t *info, void *ctx)
{
    ucontext_t *uc = ctx;
    printf("SIGFPE %d code %d trapno %d\n", sig, info->si_code, (int)uc->uc_mcontext.gregs[REG_TRAPNO]);
    uc->uc_mcontext.gregs[REG_ECX] = 3; /* the divisor: div then succeeds */
}

static void on_bus(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    printf("SIGBUS %d code %d own pid %d\n", sig, info->si_code, info->si_pid == getpid());
}

static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_vtalarm(int sig) { (void)sig; vtalarms++; }

static unsigned divide(unsigned a, unsigned b)
{
    unsigned q;
    __asm__ volatile("xorl %%edx, %%edx\n\tdivl %%ecx" : "=a"(q) : "a"(a), "c"(b) : "edx");
    return q;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);

    /* SIGSEGV: siglongjmp out, the mask saved by sigsetjmp restored. */
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 2; i++) {
        int sig = sigsetjmp(env, 1);
        if (sig == 0) {
            if (i == 0) *(volatile int *)0x1234 = 1;
            else (void)*(volatile int *)main; /* readable: no fault */
            printf("pass %d: no fault\n", i);
        } else {
            sigset_t now;
            sigprocmask(SIG_BLOCK, NULL, &now);
            printf("pass %d: signal %d code %d addr %p blocked after longjmp %d\n", i, sig, segv_code, segv_addr, sigismember(&now, SIGSEGV));
        }
    }

    /* SIGFPE: the handler changes ECX in the context; div is executed again. */
    sa.sa_sigaction = on_fpe;
    sigaction(SIGFPE, &sa, NULL);
    printf("7 / 0 -> %u\n", divide(7, 0));

    /* raise(SIGBUS): tgkill, si_code SI_TKILL. */
    sa.sa_sigaction = on_bus;
    sigaction(SIGBUS, &sa, NULL);
    raise(SIGBUS);

    /* SA_RESETHAND: one delivery, then the default is back. */
    struct sigaction old;
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &old);
    printf("SA_RESETHAND: delivered %d, now default %d\n", (int)usr1, old.sa_handler == SIG_DFL);

    /* Blocked, pending, then delivered by sigprocmask. */
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    sigpending(&pending);
    printf("blocked: delivered %d pending %d\n", (int)usr1, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("unblocked: delivered %d\n", (int)usr1);

    /* alarm and pause. */
    signal(SIGALRM, on_alarm);
    printf("alarm(5) -> %u\n", alarm(5));
    printf("alarm(1) -> %u\n", alarm(1));
    int r = pause();
    printf("pause -> %d %s, alarms %d\n", r, strerror(errno), (int)alarms);

    /* A periodic ITIMER_REAL, waited for with sigsuspend while SIGALRM is blocked. */
    sigset_t alrm, wait_mask;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, &wait_mask);
    struct itimerval it = { { 0, 20000 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    while (alarms < 4) sigsuspend(&wait_mask);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, &it);
    printf("sigsuspend: alarms %d interval %ld.%06ld\n", (int)alarms, (long)it.it_interval.tv_sec, (long)it.it_interval.tv_usec);
    sigprocmask(SIG_UNBLOCK, &alrm, NULL);

    /* nanosleep cut short by SIGALRM. */
    alarm(1);
    struct timespec req = { 3, 0 }, rem = { 0, 0 };
    r = nanosleep(&req, &rem);
    printf("nanosleep -> %d %s, %ld s left, alarms %d\n", r, strerror(errno), (long)(rem.tv_sec + (rem.tv_nsec > 500000000)), (int)alarms);

    /* ITIMER_VIRTUAL: CPU time only. */
    signal(SIGVTALRM, on_vtalarm);
    struct itimerval vt = { { 0, 1000 }, { 0, 1000 } };
    setitimer(ITIMER_VIRTUAL, &vt, NULL);
    volatile unsigned long spin = 0;
    while (vtalarms < 3) spin++;
    memset(&vt, 0, sizeof vt);
    setitimer(ITIMER_VIRTUAL, &vt, NULL);
    getitimer(ITIMER_VIRTUAL, &vt);
    printf("ITIMER_VIRTUAL: %d signals, now %ld.%06ld\n", (int)vtalarms, (long)vt.it_value.tv_sec, (long)vt.it_value.tv_usec);

    /* An ignored signal does nothing; SIGTERM with the default action ends the process. */
    signal(SIGTERM, SIG_IGN);
    raise(SIGTERM);
    printf("SIGTERM ignored\n");
    fflush(stdout);
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
