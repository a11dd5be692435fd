; Two nested loops whose outer loop falls into the inner one's head: the
; outer block (mov edx, then the inner loop's body) holds the inner block
; whole. For ecx = 1..200 and edx = 50..1, add edx to ebx and xor in ecx;
; exit with the low byte of ebx.

section .text
global _start
_start:
        xor ebx, ebx
        mov ecx, 200
outer:  mov edx, 50
inner:  add ebx, edx
        xor ebx, ecx
        dec edx
        jnz inner
        dec ecx
        jnz outer
        and ebx, 0xff
        mov eax, 1              ; exit
        int 0x80
