; hanoi: solves the Towers of Hanoi for 5 disks recursively, printing each move and the total (31).
bits 32
%include "lib/io.inc"

DISKS equ 5

section .bss
moves: resd 1

section .text
global _start
_start:
    push dword 'B'              ; via
    push dword 'C'              ; to
    push dword 'A'              ; from
    push dword DISKS            ; n
    call hanoi
    add esp, 16
    print "moves: "
    print_num [moves]
    print 10
    exit 0

; hanoi(n, from, to, via): move n disks from peg `from` to peg `to`
hanoi:
    enter 0, 0
    mov eax, [ebp + 8]          ; n
    test eax, eax
    jz .done
    ; hanoi(n - 1, from, via, to)
    dec eax
    push dword [ebp + 16]
    push dword [ebp + 20]
    push dword [ebp + 12]
    push eax
    call hanoi
    add esp, 16
    ; move disk n from -> to
    inc dword [moves]
    print "move disk "
    print_num [ebp + 8]
    print " from "
    mov al, [ebp + 12]
    call put_char
    print " to "
    mov al, [ebp + 16]
    call put_char
    print 10
    ; hanoi(n - 1, via, to, from)
    mov eax, [ebp + 8]
    dec eax
    push dword [ebp + 12]
    push dword [ebp + 16]
    push dword [ebp + 20]
    push eax
    call hanoi
    add esp, 16
.done:
    leave
    ret

; put_char: print the character in AL
put_char:
    pushad
    mov [io_digits], al
    mov ecx, io_digits
    mov edx, 1
    call write_out
    popad
    ret
