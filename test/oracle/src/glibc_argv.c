/*
 * Static glibc at -O0: prints argc and every argv[i] in brackets with its length
 * and its bytes in hex, so arguments with spaces, empty strings, UTF-8 and leading
 * dashes must reach the guest unchanged. argv[0] is not printed (it is the path the
 * runner chose). The exit status is argc.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=[%s] len=%zu hex=", i, argv[i], strlen(argv[i]));
        for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++)
            printf("%02x", *p);
        printf("\n");
    }
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    return argc;
}
