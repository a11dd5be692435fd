/*
 * rt.h - the runtime of the benchmark workloads: _start, write/exit through
 * int $0x80, and a few output helpers. Built with -nostdlib, so the guest
 * executes only the workload's own code (no libc start-up to dilute the figures).
 */
#ifndef RT_H
#define RT_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef unsigned int size_t;

static inline int sys3(int nr, int a, int b, int c)
{
    int ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

static char out_buf[256];
static u32 out_len;

static __attribute__((unused)) void flush(void)
{
    u32 done = 0;
    while (done < out_len) {
        int n = sys3(4, 1, (int)(out_buf + done), (int)(out_len - done));
        if (n <= 0)
            break;
        done += (u32)n;
    }
    out_len = 0;
}

static __attribute__((unused)) void put_char(char c)
{
    if (out_len == sizeof out_buf)
        flush();
    out_buf[out_len++] = c;
}

static __attribute__((unused)) void put_str(const char *s)
{
    while (*s)
        put_char(*s++);
}

static __attribute__((unused)) void put_hex(u32 v)
{
    for (int shift = 28; shift >= 0; shift -= 4)
        put_char("0123456789abcdef"[(v >> shift) & 15]);
}

static __attribute__((unused)) void put_dec(u32 v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        put_char(tmp[--n]);
}

/* Optional first argument: a positive decimal count; `fallback` otherwise. */
static __attribute__((unused)) u32 arg_count(int argc, char **argv, u32 fallback)
{
    if (argc < 2)
        return fallback;
    u32 v = 0;
    for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (u32)(*p - '0');
    return v ? v : fallback;
}

/* A small deterministic generator for the input data. */
static __attribute__((unused)) u32 xorshift32(u32 *state)
{
    u32 x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

int main(int argc, char **argv);

__attribute__((noreturn, used)) void rt_start(int *sp)
{
    int status = main(sp[0], (char **)(sp + 1));
    flush();
    for (;;)
        sys3(1, status, 0, 0);
}

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    movl %esp, %eax\n"
        "    andl $-16, %esp\n"
        "    subl $12, %esp\n"
        "    pushl %eax\n"
        "    call rt_start\n"
        "    hlt\n");

#endif
