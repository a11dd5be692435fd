; Prints a line with write(2), then sets TF through iret (not popf): the
; instruction iret returns to runs, and the single-step trap after it is
; SIGTRAP, exit status 133.

section .data
msg:    db "crash_iret_tf: iret with TF set", 10
MSG_LEN equ $ - msg

section .text
global _start
_start:
        mov eax, 4
        mov ebx, 1
        mov ecx, msg
        mov edx, MSG_LEN
        int 0x80
        pushfd
        or dword [esp], 0x100           ; TF in the EFLAGS image iret pops
        push cs
        push after
        iret
after:
        mov ebx, 7                      ; executes, then the trap
        mov eax, 1                      ; not reached
        int 0x80
