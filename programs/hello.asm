; hello: writes "Hello, world!" with one write system call and exits with status 0.
bits 32

section .rodata
message: db "Hello, world!", 10
length   equ $ - message

section .text
global _start
_start:
    mov eax, 4          ; write(
    mov ebx, 1          ;   stdout,
    mov ecx, message    ;   message,
    mov edx, length     ;   length)
    int 0x80
    mov eax, 1          ; exit(
    xor ebx, ebx        ;   0)
    int 0x80
