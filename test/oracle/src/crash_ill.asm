; Prints a line with write(2), then executes ud2: SIGILL, exit status 132.

section .data
msg:    db "crash_ill: executing ud2", 10
MSG_LEN equ $ - msg

section .text
global _start
_start:
        mov eax, 4
        mov ebx, 1
        mov ecx, msg
        mov edx, MSG_LEN
        int 0x80
        ud2
        mov eax, 1                      ; not reached
        xor ebx, ebx
        int 0x80
