/*
 * Static glibc at -O2 reading stdin: the first character through getchar/ungetc,
 * then lines through fgets with a small buffer (long lines come back in pieces),
 * each printed upper-cased with its words reversed; counts go to stdout and a
 * summary to stderr.
 */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

static void reverse_words(char *s)
{
    /* Reverse the whole line, then each word back. */
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    for (char *p = s; *p;) {
        while (*p == ' ')
            p++;
        char *q = p;
        while (*q && *q != ' ')
            q++;
        for (char *a = p, *b = q - 1; a < b; a++, b--) {
            char t = *a;
            *a = *b;
            *b = t;
        }
        p = q;
    }
}

int main(void)
{
    int c = getchar();
    if (c == EOF) {
        printf("empty input\n");
        fprintf(stderr, "glibc_stdin: 0 bytes\n");
        return 0;
    }
    printf("first char: %d '%c'\n", c, isprint(c) ? c : '?');
    ungetc(c, stdin);

    char piece[24];
    unsigned pieces = 0, lines = 0, bytes = 0, words = 0, letters = 0, digits = 0;
    int in_word = 0;
    while (fgets(piece, sizeof piece, stdin)) {
        size_t len = strlen(piece);
        int complete = len > 0 && piece[len - 1] == '\n';
        bytes += (unsigned)len;
        pieces++;
        if (complete) {
            lines++;
            piece[--len] = 0;
        }
        for (size_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)piece[i];
            if (isalpha(ch))
                letters++;
            if (isdigit(ch))
                digits++;
            if (isspace(ch)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                words++;
            }
            piece[i] = (char)toupper(ch);
        }
        if (complete)
            in_word = 0;
        reverse_words(piece);
        printf("%3u%c [%s]\n", pieces, complete ? ':' : '+', piece);
    }
    printf("lines %u pieces %u bytes %u words %u letters %u digits %u\n", lines, pieces, bytes, words, letters, digits);
    fprintf(stderr, "glibc_stdin: %u bytes\n", bytes);
    return 0;
}
