/*
 * Static glibc at -O0: printf's integer, character and string conversions with
 * flags, widths, precisions and length modifiers, plus puts/putchar. No floating
 * point (x87/SSE are outside the emulated core) and nothing that depends on the
 * environment, the time, the pid or an address.
 */
#include <stdio.h>
#include <stdint.h>
#include <limits.h>
#include <inttypes.h>
#include <stddef.h>

int main(void)
{
    printf("Hello, world!\n");
    puts("puts adds a newline");
    putchar('p');
    putchar('\n');
    printf("%%d: %d %d %d %d\n", 0, 42, -42, INT_MIN);
    printf("%%i: %i %i\n", INT_MAX, -1);
    printf("%%u: %u %u %u\n", 0u, 3000000000u, UINT_MAX);
    printf("%%x: %x %x %X %#x %#X %#x\n", 255u, 0xdeadbeefu, 0xdeadbeefu, 255u, 255u, 0u);
    printf("%%o: %o %#o %o\n", 8u, 8u, 0u);
    printf("%%c: [%c] [%3c] [%-3c]\n", 'A', 'B', 'C');
    printf("%%s: [%s] [%10s] [%-10s] [%.3s] [%10.2s] [%s]\n", "str", "right", "left", "truncate", "ab", "");
    printf("width: [%5d] [%-5d] [%05d] [%+d] [%+d] [% d] [% d]\n", 42, 42, 42, 42, -42, 42, -42);
    printf("star: [%*d] [%-*d] [%.*d] [%*.*s]\n", 6, 7, 6, 7, 4, 7, 5, 2, "xyz");
    printf("precision: [%.0d] [%.5d] [%8.5d] [%-8.5d] [%.3x] [%#.3o]\n", 0, 42, -42, 42, 10u, 8u);
    printf("hh/h: %hhd %hhu %hd %hu %hhx %hx\n", (signed char)-128, (unsigned char)255, (short)-32768, (unsigned short)65535, (unsigned char)0xab, (unsigned short)0xabcd);
    printf("l: %ld %lu %lx\n", (long)INT_MIN, (unsigned long)ULONG_MAX, 0x12345678ul);
    printf("ll: %lld %lld %llu %llx %llX %#llo\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX, 0x0123456789abcdefull, 0xfedcba9876543210ull, 01234567012345670123ull);
    printf("j/z/t: %jd %zu %td\n", (intmax_t)-9000000000ll, (size_t)123456, (ptrdiff_t)-77);
    printf("inttypes: %" PRId64 " %" PRIu32 " %" PRIx16 " %08" PRIX32 "\n", (int64_t)-1, (uint32_t)4000000000u, (uint16_t)0xbeef, (uint32_t)0xabc);
    printf("%%p constant: %p %p\n", (void *)0x1234, (void *)0);
    printf("positional: %2$s %1$s %3$d\n", "world", "hello", 3);
    int n1 = 0, n2 = 0;
    printf("count%n this%n\n", &n1, &n2);
    printf("n = %d %d\n", n1, n2);
    int len = printf("%s-%d-%c|", "abc", 123, 'z');
    printf(" returned %d\n", len);
    for (int i = -3; i <= 3; i++)
        printf("%3d|%-3d|%03d|%+3d|%x\n", i * 37, i * 37, i * 37, i * 37, (unsigned)(i * 37));
    printf("utf-8: h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93\n");
    printf("long line:");
    for (int i = 0; i < 100; i++)
        printf(" %d", i * i);
    printf("\n");
    fflush(stdout);
    return 0;
}
