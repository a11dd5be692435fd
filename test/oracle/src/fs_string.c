/*
 * String functions written out in C and built at -Os: strlen/strcpy/strcmp/strncmp/
 * strchr/strrchr/strstr, memmove in both directions, reversal, integer <-> text, a
 * tokenizer, and a walk over argv. The exit status is 10 + argc, so the case's
 * arguments are visible in the status too.
 */
#include "fs.h"

static size_t my_strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

static char *my_strcpy(char *d, const char *s)
{
    char *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

static char *my_strcat(char *d, const char *s)
{
    my_strcpy(d + my_strlen(d), s);
    return d;
}

static int my_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (u8)*a - (u8)*b;
}

static int my_strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (u8)*a - (u8)*b;
        if (!*a)
            break;
    }
    return 0;
}

static const char *my_strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return s;
        if (!*s)
            return 0;
    }
}

static const char *my_strrchr(const char *s, int c)
{
    const char *last = 0;
    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (!*s)
            return last;
    }
}

static const char *my_strstr(const char *h, const char *n)
{
    size_t ln = my_strlen(n);
    for (; *h; h++)
        if (!my_strncmp(h, n, ln))
            return h;
    return ln ? 0 : h;
}

static void reverse(char *s)
{
    size_t n = my_strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static char *itoa_base(s32 v, u32 base, char *out)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    u32 u = v < 0 ? 0u - (u32)v : (u32)v;
    char *p = out;
    do {
        *p++ = digits[u % base];
        u /= base;
    } while (u);
    if (v < 0)
        *p++ = '-';
    *p = 0;
    reverse(out);
    return out;
}

static s32 my_atoi(const char *s)
{
    s32 sign = 1, v = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '-' || *s == '+')
        sign = *s++ == '-' ? -1 : 1;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return sign * v;
}

static void show_int(const char *label, s32 v)
{
    put_str(label);
    put_str(": ");
    put_s32(v);
    put_char('\n');
}

static void show_str(const char *label, const char *s)
{
    put_str(label);
    put_str(": [");
    put_str(s ? s : "(null)");
    put_str("]\n");
}

static int sign(int v)
{
    return v < 0 ? -1 : v > 0;
}

int main(int argc, char **argv)
{
    char buf[256];
    char num[40];

    my_strcpy(buf, "The quick brown fox");
    show_int("strlen", (s32)my_strlen(buf));
    my_strcat(buf, " jumps over the lazy dog");
    show_str("strcat", buf);
    show_int("strlen", (s32)my_strlen(buf));
    show_str("strchr o", my_strchr(buf, 'o'));
    show_str("strrchr o", my_strrchr(buf, 'o'));
    show_str("strchr z", my_strchr(buf, 'z'));
    show_str("strchr Q", my_strchr(buf, 'Q'));
    show_str("strchr nul", my_strchr(buf, 0));
    show_str("strstr lazy", my_strstr(buf, "lazy"));
    show_str("strstr cat", my_strstr(buf, "cat"));
    show_int("strcmp eq", sign(my_strcmp("abc", "abc")));
    show_int("strcmp lt", sign(my_strcmp("abc", "abd")));
    show_int("strcmp gt", sign(my_strcmp("abd", "abc")));
    show_int("strcmp prefix", sign(my_strcmp("ab", "abc")));
    show_int("strcmp high", sign(my_strcmp("\xc3\xa9", "z")));
    show_int("strncmp 3", my_strncmp("abcdef", "abcxyz", 3));
    show_int("strncmp 4", sign(my_strncmp("abcdef", "abcxyz", 4)));
    show_int("memcmp", sign(memcmp("abc\0x", "abc\0y", 5)));

    /* memmove both ways over an overlapping buffer. */
    my_strcpy(buf, "0123456789abcdef");
    memmove(buf + 4, buf, 8);
    show_str("memmove up", buf);
    my_strcpy(buf, "0123456789abcdef");
    memmove(buf, buf + 4, 8);
    show_str("memmove down", buf);
    memset(buf, '*', 10);
    buf[10] = 0;
    show_str("memset", buf);

    my_strcpy(buf, "stressed");
    reverse(buf);
    show_str("reverse", buf);

    static const s32 values[] = { 0, 7, -7, 255, -256, 65535, 2147483647, -2147483647 - 1 };
    for (u32 i = 0; i < sizeof values / sizeof values[0]; i++) {
        put_s32(values[i]);
        put_str(" -> ");
        put_str(itoa_base(values[i], 10, num));
        put_char(' ');
        put_str(itoa_base(values[i], 16, num));
        put_char(' ');
        put_str(itoa_base(values[i], 2, num));
        put_char(' ');
        put_str(itoa_base(values[i], 36, num));
        put_char('\n');
    }
    show_int("atoi", my_atoi("  -12345xyz"));
    show_int("atoi", my_atoi("+987"));
    show_int("atoi", my_atoi("2147483647"));

    /* Tokenize on spaces and commas, in place. */
    my_strcpy(buf, "alpha, beta,,gamma delta ,epsilon");
    char *p = buf;
    int count = 0;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        char *start = p;
        while (*p && *p != ' ' && *p != ',')
            p++;
        if (*p)
            *p++ = 0;
        put_str("token ");
        put_s32(count++);
        put_str(": ");
        put_str(start);
        put_char('\n');
    }

    /* argv, byte-exact: each argument in brackets with its length and reversal. */
    show_int("argc", argc);
    for (int i = 1; i < argc; i++) {
        size_t n = my_strlen(argv[i]);
        put_str("argv[");
        put_s32(i);
        put_str("] len ");
        put_u32(n);
        put_str(" [");
        put_str(argv[i]);
        put_str("] reversed [");
        if (n < sizeof buf) {
            my_strcpy(buf, argv[i]);
            reverse(buf);
            put_str(buf);
        }
        put_str("]\n");
    }
    /* The last line goes to stderr, so a runner can check fd 2 is kept apart. */
    out_str(&fs_stderr, "fs_string: done\n");
    return 10 + argc;
}
