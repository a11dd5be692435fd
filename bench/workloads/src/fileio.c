/*
 * File I/O through the file system: writes MIB MiB (default 32; an optional
 * first argument overrides it) of generated data to data.bin in the working
 * directory in 64 KiB writes, fsyncs and closes it, reads it back in 64 KiB
 * reads, checks every word against the generator and prints two running
 * sums of what was read (cheap: the figure is the file system's, not the CPU's); then removes the file. Under ftvm the working directory is
 * the disk's root, so every block goes through the mirror.
 */
#include "rt.h"

#define CHUNK (64 * 1024)
#define O_WRONLY 01
#define O_CREAT 0100
#define O_TRUNC 01000

static u32 buffer[CHUNK / 4];

static int sys_open(const char *path, int flags, int mode) { return sys3(5, (int)path, flags, mode); }

int main(int argc, char **argv)
{
    u32 mib = arg_count(argc, argv, 32);
    u32 chunks = mib * (1024 * 1024 / CHUNK);
    int fd = sys_open("data.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        put_str("fileio: cannot create data.bin\n");
        return 1;
    }
    u32 seed = 0x9e3779b9u;
    for (u32 c = 0; c < chunks; c++) {
        for (u32 i = 0; i < CHUNK / 4; i++)
            buffer[i] = xorshift32(&seed);
        if (sys3(4, fd, (int)buffer, CHUNK) != CHUNK) {
            put_str("fileio: short write\n");
            return 1;
        }
    }
    if (sys3(118, fd, 0, 0) != 0 || sys3(6, fd, 0, 0) != 0) {
        put_str("fileio: fsync or close failed\n");
        return 1;
    }
    fd = sys_open("data.bin", 0, 0);
    seed = 0x9e3779b9u;
    u32 sum1 = 1, sum2 = 0, bad = 0;
    for (u32 c = 0; c < chunks; c++) {
        if (sys3(3, fd, (int)buffer, CHUNK) != CHUNK) {
            put_str("fileio: short read\n");
            return 1;
        }
        for (u32 i = 0; i < CHUNK / 4; i++) {
            if (buffer[i] != xorshift32(&seed))
                bad++;
            sum1 += buffer[i];
            sum2 += sum1;
        }
    }
    sys3(6, fd, 0, 0);
    sys3(10, (int)"data.bin", 0, 0);
    put_str("fileio ");
    put_dec(mib);
    put_str(" MiB: checksum ");
    put_hex(sum1);
    put_char(' ');
    put_hex(sum2);
    put_str(bad ? " MISMATCH\n" : " ok\n");
    return bad != 0;
}
