/*
 * A freestanding program (no libc) that serves its own page faults: the
 * SIGSEGV handler maps or unprotects the page it is told about (si_addr,
 * si_code, the error code) and returns, and the faulting instruction runs
 * again and succeeds. Also: the handler runs on the sigframe path when
 * SA_SIGINFO is absent (no SA_RESTORER: the kernel's trampoline), and
 * signal() installs a one-shot handler. Output is flushed before every fault.
 */
#include "fs.h"

#define SYS_mmap2 192
#define SYS_mprotect 125
#define SYS_rt_sigaction 174
#define SYS_signal 48
#define SYS_getpid 20
#define SYS_kill 37
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define SA_SIGINFO 4
#define SIGUSR1 10
#define SIGSEGV 11

struct kernel_sigaction { void *handler; u32 flags; void *restorer; u32 mask[2]; };
struct siginfo { int signo, errno_, code; void *addr; int pad[28]; };
/* The start of struct ucontext: flags, link, stack_t, then the sigcontext. */
struct ucontext { u32 flags, link, ss_sp, ss_flags, ss_size; u32 gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax, trapno, err, eip; };

static inline int sys6(int nr, int a, int b, int c, int d, int e, int f)
{
    int r;
    __asm__ volatile("push %%ebp\n\tmov %7, %%ebp\n\tint $0x80\n\tpop %%ebp"
                     : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(f) : "memory");
    return r;
}

#define AREA 0x30000000u
static volatile int faults, usr1;

static void on_segv(int sig, struct siginfo *info, struct ucontext *uc)
{
    u32 page = (u32)info->addr & ~0xfffu;
    put_str("fault sig "); put_u32(sig);
    put_str(" code "); put_u32(info->code);
    put_str(" addr "); put_hex32((u32)info->addr);
    put_str(" err "); put_u32(uc->err);
    put_str(" trapno "); put_u32(uc->trapno);
    put_char('\n');
    fs_flush(&fs_stdout);
    faults++;
    if (info->code == 1) /* SEGV_MAPERR: map it */
        sys6(SYS_mmap2, page, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
    else /* SEGV_ACCERR: let it be written */
        sys3(SYS_mprotect, page, 4096, PROT_READ | PROT_WRITE);
}

static void on_usr1(int sig)
{
    put_str("usr1 "); put_u32(sig); put_char('\n');
    usr1++;
}

static void install(int sig, void *handler, u32 flags)
{
    struct kernel_sigaction sa = { handler, flags, 0, { 0, 0 } };
    sys6(SYS_rt_sigaction, sig, (int)&sa, 0, 8, 0, 0);
}

int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    install(SIGSEGV, (void *)on_segv, SA_SIGINFO);
    volatile u32 *p = (volatile u32 *)AREA;
    fs_flush(&fs_stdout);
    p[0] = 0x1234;                      /* not mapped: the handler maps it, the store runs again */
    put_str("p[0] "); put_hex32(p[0]); put_char('\n');
    sys3(SYS_mprotect, AREA, 4096, PROT_READ);
    fs_flush(&fs_stdout);
    p[1] = 0x5678;                      /* read-only: the handler unprotects it */
    put_str("p[1] "); put_hex32(p[1]); put_char('\n');
    u32 sum = 0;
    fs_flush(&fs_stdout);
    for (int i = 0; i < 3; i++) sum += ((volatile u32 *)(AREA + 0x2000u * (u32)(i + 1)))[i]; /* three reads, three pages */
    put_str("sum "); put_u32(sum); put_str(" faults "); put_u32(faults); put_char('\n');

    /* signal(): one-shot (SA_RESETHAND | SA_NODEFER), no SA_SIGINFO: a sigframe. */
    sys3(SYS_signal, SIGUSR1, (int)on_usr1, 0);
    int pid = sys3(SYS_getpid, 0, 0, 0);
    sys3(SYS_kill, pid, SIGUSR1, 0);
    int old = sys3(SYS_signal, SIGUSR1, 0, 0);
    put_str("usr1 count "); put_u32(usr1); put_str(" handler reset "); put_u32(old == 0); put_char('\n');
    fs_flush(&fs_stdout);
    return 0;
}
