; Prints a line with write(2), then raises a divide error, delivered as SIGFPE
; (exit status 136): with no arguments by dividing by zero, with any argument by
; a quotient that does not fit (idiv of 0x80000000 by -1).

section .data
msg0:   db "crash_fpe: dividing by zero", 10
MSG0_LEN equ $ - msg0
msg1:   db "crash_fpe: idiv 0x80000000 by -1", 10
MSG1_LEN equ $ - msg1

section .text
global _start
_start:
        cmp dword [esp], 1              ; argc
        jne overflow
        mov eax, 4
        mov ebx, 1
        mov ecx, msg0
        mov edx, MSG0_LEN
        int 0x80
        mov eax, 1234
        xor edx, edx
        xor ecx, ecx
        div ecx
        jmp done
overflow:
        mov eax, 4
        mov ebx, 1
        mov ecx, msg1
        mov edx, MSG1_LEN
        int 0x80
        mov eax, 0x80000000
        cdq
        mov ecx, -1
        idiv ecx
done:
        mov eax, 1                      ; not reached
        xor ebx, ebx
        int 0x80
