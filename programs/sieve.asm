; sieve: the sieve of Eratosthenes below 10000; prints the primes below 200 and how many there are in all.
bits 32
%include "lib/io.inc"

LIMIT equ 10000
SHOWN equ 200

section .bss
composite: resb LIMIT           ; composite[n] = 1 once n is crossed out

section .text
global _start
_start:
    ; cross out the multiples of every prime p, starting at p*p
    mov ebx, 2
.outer:
    mov eax, ebx
    mul ebx
    cmp eax, LIMIT
    jae .count
    cmp byte [composite + ebx], 0
    jne .next_p
.cross:
    mov byte [composite + eax], 1
    add eax, ebx
    cmp eax, LIMIT
    jb .cross
.next_p:
    inc ebx
    jmp .outer

.count:
    print "primes below ", "200", ":"
    xor esi, esi                ; how many primes
    mov ebx, 2
.scan:
    cmp byte [composite + ebx], 0
    jne .not_prime
    inc esi
    cmp ebx, SHOWN
    jae .not_prime
    print " "
    print_num ebx
.not_prime:
    inc ebx
    cmp ebx, LIMIT
    jb .scan
    print 10, "primes below 10000: "
    print_num esi
    print 10
    exit 0
