/*
 * fs.h - the whole runtime of the freestanding oracle programs.
 *
 * Built with -nostdlib: no libc, no startup files. This header supplies _start,
 * the two system calls the programs use (write and exit, through int $0x80), a
 * small output buffer and number formatting. Everything a program executes is in
 * its own binary (plus libgcc for 64-bit division), so an emulator that runs these
 * needs only the integer core, int $0x80 and syscalls 1 (exit) and 4 (write).
 *
 * Include it from exactly one .c file, which defines main(argc, argv).
 */
#ifndef FS_H
#define FS_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int size_t;

#define SYS_exit 1
#define SYS_write 4

static inline int sys3(int nr, int a, int b, int c)
{
    int ret;
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c)
                     : "memory");
    return ret;
}

static __attribute__((noreturn, unused)) void sys_exit(int status)
{
    for (;;)
        sys3(SYS_exit, status, 0, 0);
}

static __attribute__((unused)) int sys_write(int fd, const void *buf, size_t len)
{
    return sys3(SYS_write, fd, (int)buf, (int)len);
}

/* gcc may emit calls to these even in freestanding code (struct copies, -Os). */
void *memcpy(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    u8 *d = dst;
    while (n--)
        *d++ = (u8)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

/* Output goes through one buffer per fd so a program makes few write calls. */
struct fs_out {
    int fd;
    u32 len;
    char buf[1024];
};
static struct fs_out fs_stdout = { 1, 0, { 0 } };
static struct fs_out fs_stderr = { 2, 0, { 0 } };

static __attribute__((unused)) void fs_flush(struct fs_out *o)
{
    u32 done = 0;
    while (done < o->len) {
        int n = sys_write(o->fd, o->buf + done, o->len - done);
        if (n <= 0)
            break;
        done += (u32)n;
    }
    o->len = 0;
}

static __attribute__((unused)) void out_char(struct fs_out *o, char c)
{
    if (o->len == sizeof o->buf)
        fs_flush(o);
    o->buf[o->len++] = c;
}

static __attribute__((unused)) void out_str(struct fs_out *o, const char *s)
{
    while (*s)
        out_char(o, *s++);
}

static __attribute__((unused)) void out_hex32(struct fs_out *o, u32 v)
{
    static const char digits[] = "0123456789abcdef";
    for (int shift = 28; shift >= 0; shift -= 4)
        out_char(o, digits[(v >> shift) & 15]);
}

static __attribute__((unused)) void out_hex64(struct fs_out *o, u64 v)
{
    out_hex32(o, (u32)(v >> 32));
    out_hex32(o, (u32)v);
}

static __attribute__((unused)) void out_u32(struct fs_out *o, u32 v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        out_char(o, tmp[--n]);
}

static __attribute__((unused)) void out_s32(struct fs_out *o, s32 v)
{
    if (v < 0) {
        out_char(o, '-');
        out_u32(o, 0u - (u32)v);
    } else {
        out_u32(o, (u32)v);
    }
}

/* 64-bit decimal: the division by 10 goes through libgcc's __udivdi3/__umoddi3. */
static __attribute__((unused)) void out_u64(struct fs_out *o, u64 v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    while (n)
        out_char(o, tmp[--n]);
}

static __attribute__((unused)) void out_s64(struct fs_out *o, s64 v)
{
    if (v < 0) {
        out_char(o, '-');
        out_u64(o, 0ull - (u64)v);
    } else {
        out_u64(o, (u64)v);
    }
}

/* Shorthands for stdout. */
#define put_str(s) out_str(&fs_stdout, (s))
#define put_char(c) out_char(&fs_stdout, (c))
#define put_hex32(v) out_hex32(&fs_stdout, (v))
#define put_hex64(v) out_hex64(&fs_stdout, (v))
#define put_u32(v) out_u32(&fs_stdout, (v))
#define put_s32(v) out_s32(&fs_stdout, (v))
#define put_u64(v) out_u64(&fs_stdout, (v))
#define put_s64(v) out_s64(&fs_stdout, (v))

int main(int argc, char **argv);

/* Called by _start with a pointer to argc; never returns. */
__attribute__((noreturn, used)) void fs_start(int *sp)
{
    int status = main(sp[0], (char **)(sp + 1));
    fs_flush(&fs_stdout);
    fs_flush(&fs_stderr);
    sys_exit(status);
}

/* The process entry: align the stack as the i386 ABI wants and call fs_start. */
__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    movl %esp, %eax\n"
        "    andl $-16, %esp\n"
        "    subl $12, %esp\n"
        "    pushl %eax\n"
        "    call fs_start\n"
        "    hlt\n");

#endif
