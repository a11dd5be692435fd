/*
 * Sieve of Eratosthenes over odd numbers below 3,000,000 (a 1.5 MB byte array),
 * ROUNDS times (default 2; an optional first argument overrides it). Prints the
 * prime count and a checksum of the primes. Memory-bound stores with strides.
 */
#include "rt.h"

#define LIMIT 3000000u
#define HALF (LIMIT / 2)

static u8 composite[HALF]; /* composite[i] says whether 2i+1 is composite */

int main(int argc, char **argv)
{
    u32 rounds = arg_count(argc, argv, 2);
    u32 count = 0, sum = 0;
    for (u32 r = 0; r < rounds; r++) {
        for (u32 i = 0; i < HALF; i++)
            composite[i] = 0;
        for (u32 i = 1; (2 * i + 1) * (2 * i + 1) < LIMIT; i++) {
            if (composite[i])
                continue;
            u32 p = 2 * i + 1;
            for (u32 j = (p * p) / 2; j < HALF; j += p)
                composite[j] = 1;
        }
        count = 1; /* 2 */
        sum = 2;
        for (u32 i = 1; i < HALF; i++) {
            if (!composite[i]) {
                count++;
                sum = sum * 31 + (2 * i + 1);
            }
        }
    }
    put_str("sieve ");
    put_dec(rounds);
    put_str(" x primes below 3000000: ");
    put_dec(count);
    put_str(" checksum ");
    put_hex(sum);
    put_char('\n');
    return 0;
}
