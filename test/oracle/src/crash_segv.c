/*
 * Prints a line, then reads address 0x10 (never mapped): SIGSEGV, exit status 139.
 * The line is written with write(2) before the fault, so it must appear in full.
 */
#include "fs.h"

int main(int argc, char **argv)
{
    (void)argv;
    put_str("crash_segv: reading address 0x10\n");
    fs_flush(&fs_stdout);
    volatile u32 *p = (volatile u32 *)0x10;
    u32 v = *p + (u32)argc;
    put_str("crash_segv: not reached\n");
    return (int)v;
}
