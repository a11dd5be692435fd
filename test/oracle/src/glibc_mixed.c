/*
 * Static glibc at -O2: printf/snprintf (%d %u %x %lld %s), malloc/realloc/free
 * (small blocks from brk and a large one served by mmap2), qsort with a total
 * order (so the result does not depend on which sort glibc picks; qsort of more
 * than 1 KiB calls sysinfo), strlen/strcpy/strcat/memcpy/memmove/memset/strcmp/
 * strncmp/strchr/strstr/strtol/atoi, and 64-bit arithmetic. Exit status 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct item {
    int key;
    unsigned id;
    char name[12];
};

static int cmp_item(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

int main(void)
{
    uint32_t seed = 2024;
    char buf[128];

    /* qsort of 400 structs (12.8 KB): glibc's merge sort path. */
    enum { N = 400 };
    struct item *items = malloc(N * sizeof *items);
    for (unsigned i = 0; i < N; i++) {
        items[i].key = (int)(lcg(&seed) % 97) - 48;
        items[i].id = i;
        snprintf(items[i].name, sizeof items[i].name, "it%03u", i);
    }
    qsort(items, N, sizeof *items, cmp_item);
    printf("sorted:");
    for (unsigned i = 0; i < N; i += 37)
        printf(" %d/%u/%s", items[i].key, items[i].id, items[i].name);
    printf("\n");
    long long keysum = 0;
    for (unsigned i = 1; i < N; i++) {
        if (cmp_item(&items[i - 1], &items[i]) >= 0)
            printf("not sorted at %u\n", i);
        keysum += (long long)items[i].key * (long long)(i + 1);
    }
    printf("weighted key sum %lld\n", keysum);
    free(items);

    /* Strings and qsort of pointers (small: the in-place path). */
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape" };
    enum { W = sizeof words / sizeof words[0] };
    char *copies[W];
    for (unsigned i = 0; i < W; i++) {
        copies[i] = malloc(strlen(words[i]) + 1);
        strcpy(copies[i], words[i]);
    }
    qsort(copies, W, sizeof copies[0], cmp_str);
    for (unsigned i = 0; i < W; i++) {
        printf("%u:%s(%zu)%s", i, copies[i], strlen(copies[i]), i + 1 < W ? " " : "\n");
        free(copies[i]);
    }

    strcpy(buf, "Hello");
    strcat(buf, ", ");
    strncat(buf, "world!!!", 6);
    printf("strcat: [%s] len %zu\n", buf, strlen(buf));
    printf("strchr: [%s] strrchr: [%s] strstr: [%s]\n", strchr(buf, 'o'), strrchr(buf, 'o'), strstr(buf, "wor"));
    printf("strcmp: %d %d %d strncmp: %d\n", strcmp("a", "b") < 0, strcmp("b", "a") > 0, strcmp("same", "same") == 0, strncmp("prefix-a", "prefix-b", 7));
    memmove(buf + 2, buf, 5);
    printf("memmove: [%s]\n", buf);
    memset(buf, 'x', 3);
    printf("memset: [%s]\n", buf);
    char big[300];
    memset(big, 0, sizeof big);
    for (int i = 0; i < 256; i++)
        big[i] = (char)('a' + i % 26);
    memcpy(big + 1, big + 160, 90);
    printf("memcpy: %.40s... %zu\n", big, strlen(big));
    printf("strtol: %ld %ld %ld %lu atoi: %d\n", strtol("-0x1f", NULL, 16), strtol("0777", NULL, 0), strtol("  123abc", NULL, 10), strtoul("4294967295", NULL, 10), atoi("-2147483648"));

    /* snprintf, including truncation and its return value. */
    int n = snprintf(buf, sizeof buf, "%d|%u|%x|%lld|%s", -17, 4000000000u, 0xc0ffeeu, -1234567890123ll, "end");
    printf("snprintf %d: %s\n", n, buf);
    n = snprintf(buf, 8, "%s", "truncated output");
    printf("snprintf %d: %s\n", n, buf);

    /* 64-bit arithmetic. */
    uint64_t a = 0xfedcba9876543210ull, b = 0x0123456789abcdefull;
    int64_t s = -(int64_t)a;
    printf("u64: %llx %llx %llx %llu %llu\n", a + b, a - b, a * b, a / b, a % (b >> 7));
    printf("s64: %lld %lld %lld\n", s / -12345, s % 12345, s >> 17);
    uint64_t f = 1;
    for (int i = 1; i <= 20; i++)
        f *= (uint64_t)i;
    printf("20! = %llu\n", f);

    /* A large block (mmap2/munmap), realloc growth, and many small ones. */
    size_t bigsize = 1u << 20;
    unsigned char *blk = malloc(bigsize);
    for (size_t i = 0; i < bigsize; i += 4096)
        blk[i] = (unsigned char)(i >> 12);
    unsigned sum = 0;
    for (size_t i = 0; i < bigsize; i += 4096)
        sum += blk[i];
    printf("big block sum %u\n", sum);
    free(blk);
    int *arr = NULL;
    size_t cap = 0;
    long long total = 0;
    for (int i = 0; i < 5000; i++) {
        if ((size_t)i == cap) {
            cap = cap ? cap * 2 : 4;
            arr = realloc(arr, cap * sizeof *arr);
        }
        arr[i] = i * 3 - 7;
    }
    for (int i = 0; i < 5000; i++)
        total += arr[i];
    printf("realloc cap %zu total %lld\n", cap, total);
    free(arr);
    void *ptrs[64];
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 64; i++) {
            ptrs[i] = malloc((size_t)(16 + (i * 37 + round * 11) % 500));
            memset(ptrs[i], i, 16);
        }
        for (int i = 0; i < 64; i += 2)
            free(ptrs[i]);
        for (int i = 1; i < 64; i += 2) {
            if (((unsigned char *)ptrs[i])[15] != i)
                printf("heap corrupt\n");
            free(ptrs[i]);
        }
    }
    printf("heap rounds done\n");
    fprintf(stderr, "glibc_mixed: exiting with status 3\n");
    return 3;
}
