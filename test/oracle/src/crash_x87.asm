; Prints a line with write(2), unmasks the x87 divide-by-zero exception and
; divides by zero: the flag stays pending until the next waiting x87
; instruction (here fld1, or fwait with an argument), which raises #MF,
; delivered as SIGFPE (exit status 136).

section .data
msg:    db "crash_x87: 1/0 with ZE unmasked", 10
MSG_LEN equ $ - msg
cw:     dw 0x037b

section .text
global _start
_start:
        mov eax, 4
        mov ebx, 1
        mov ecx, msg
        mov edx, MSG_LEN
        int 0x80
        fninit
        fldcw [cw]
        fld1
        fldz
        fdivp st1, st0                  ; pending: nothing happens yet
        fnstsw ax                       ; non-waiting: still nothing
        cmp dword [esp], 1              ; argc
        jne .wait
        fld1                            ; waiting: SIGFPE here
        jmp .done
.wait:  fwait                           ; or here
.done:  mov eax, 1                      ; not reached
        xor ebx, ebx
        int 0x80
