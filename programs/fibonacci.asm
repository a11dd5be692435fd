; fibonacci: prints the Fibonacci numbers F(0)..F(90), in 64-bit arithmetic (add/adc, two-step div).
bits 32
%include "lib/io.inc"

COUNT equ 91

section .text
global _start
_start:
    xor eax, eax                ; F(n)   in edx:eax
    xor edx, edx
    mov esi, 1                  ; F(n+1) in edi:esi
    xor edi, edi
    xor ecx, ecx                ; n
.next:
    print "F("
    print_num ecx
    print ") = "
    call print_u64
    print 10
    ; (F(n), F(n+1)) <- (F(n+1), F(n) + F(n+1))
    mov ebx, eax
    mov ebp, edx
    add ebx, esi
    adc ebp, edi
    mov eax, esi
    mov edx, edi
    mov esi, ebx
    mov edi, ebp
    inc ecx
    cmp ecx, COUNT
    jb .next
    exit 0
