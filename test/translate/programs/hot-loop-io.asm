; A hot loop between system calls that write guest memory: 200 times, sum
; 1..1000 in a tight loop, then clock_gettime writes a timespec into .bss.
; The host's writes land in another frame than the code, so the compiled
; loop must survive them (invalidation is per frame). Exit status: the sum's
; low byte (500500 & 0xff = 20).

section .bss
ts:     resd 2
sum:    resd 1

section .text
global _start
_start:
        mov edi, 200
outer:  mov ecx, 1000
        xor eax, eax
inner:  add eax, ecx
        dec ecx
        jnz inner
        mov [sum], eax
        mov eax, 265            ; clock_gettime
        mov ebx, 1              ; CLOCK_MONOTONIC
        mov ecx, ts
        int 0x80
        dec edi
        jnz outer
        mov ebx, [sum]
        and ebx, 0xff
        mov eax, 1              ; exit
        int 0x80
