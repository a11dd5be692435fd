; float: x87 arithmetic printed in decimal through packed BCD: square roots, pi, e, logarithms, sines, rounding modes, min/max
bits 32
%include "lib/io.inc"

section .rodata
two:       dq 2.0
half:      dd 0.5
ten:       dw 10
four:      dw 4
five:      dd 5
n239:      dw 239
thousand:  dd 1000.0
deg2rad:   dt 0.017453292519943295769   ; pi / 180
angles:    dw 0, 15, 30, 45, 60, 75
NANGLES    equ ($ - angles) / 2
big:       dq 123456789012345678        ; 18 digits: all a packed BCD holds
values:    dd 3.5, -1.25, 7.75, 2.0, -8.5, 6.0
NVALUES    equ ($ - values) / 4
; control words: all exceptions masked, extended precision, RC nearest, down, up, toward zero
rounding:  dw 0x037f, 0x077f, 0x0b7f, 0x0f7f
halves:    dd 2.5, -2.5, 3.5, -0.5
NHALVES    equ ($ - halves) / 4

section .bss
bcd:       rest 1
env:       resb 28
saved_cw:  resw 1
int32:     resd 1
int16:     resw 1
text:      resb 24

section .text
global _start
_start:
    finit

    ; --- square root of 2: fsqrt, then Newton's method x <- (x + 2/x) / 2 from 1
    print "fsqrt(2)        = "
    fld qword [two]
    fsqrt
    mov edx, 15
    call print_fixed
    print 10
    fld1
    mov ecx, 1
.newton:
    fld qword [two]             ; 2, x
    fdiv st0, st1               ; 2/x, x
    faddp st1, st0              ; x + 2/x
    fmul dword [half]
    print "newton step "
    print_num ecx
    print "   = "
    fld st0
    mov edx, 15
    call print_fixed
    print 10
    inc ecx
    cmp ecx, 6
    jbe .newton
    fld qword [two]
    fsqrt
    fucomip st0, st1            ; ZF: the same extended value
    fstp st0
    jne .differ
    print "newton reaches fsqrt exactly", 10
    jmp .pi
.differ:
    print "newton stops short of fsqrt", 10

    ; --- pi: the constant, and Machin's 4 (4 atan 1/5 - atan 1/239) through fpatan
.pi:
    print "fldpi           = "
    fldpi
    mov edx, 17
    call print_fixed
    print 10
    print "machin          = "
    fld1
    fild dword [five]
    fpatan                      ; atan(1/5)
    fimul word [four]
    fld1
    fild word [n239]
    fpatan                      ; atan(1/239), 4 atan(1/5)
    fsubp st1, st0
    fimul word [four]
    mov edx, 15
    call print_fixed
    print 10

    ; --- e = 2^log2(e) with f2xm1 and fscale; the other constants; log2(1000) by fyl2x
    print "e               = "
    fldl2e
    call pow2
    mov edx, 15
    call print_fixed
    print 10
    print "log2(10)        = "
    fldl2t
    mov edx, 17
    call print_fixed
    print 10
    print "log10(2)        = "
    fldlg2
    mov edx, 17
    call print_fixed
    print 10
    print "ln(2)           = "
    fldln2
    mov edx, 17
    call print_fixed
    print 10
    print "log2(1000)      = "
    fld1
    fld dword [thousand]
    fyl2x
    mov edx, 15
    call print_fixed
    print 10

    ; --- sines and cosines with fsincos, 6 decimals
    xor ebx, ebx
.angle:
    print "sin "
    movzx eax, word [angles+ebx*2]
    print_num eax
    print " = "
    fild word [angles+ebx*2]
    fld tword [deg2rad]
    fmulp st1, st0
    fsincos                     ; cos, sin
    fxch                        ; sin, cos
    mov edx, 6
    call print_fixed
    print ", cos = "
    call print_fixed
    print 10
    inc ebx
    cmp ebx, NANGLES
    jb .angle

    ; --- fistp in the four rounding modes (fldcw), the control word kept with fnstcw
    fnstcw [saved_cw]
    xor esi, esi
.mode:
    print "rounding mode "
    print_num esi
    print ":"
    fldcw [rounding+esi*2]
    xor ebx, ebx
.half:
    print " "
    fld dword [halves+ebx*4]
    fistp dword [int32]
    fild dword [int32]
    xor edx, edx
    call print_fixed
    inc ebx
    cmp ebx, NHALVES
    jb .half
    print 10
    inc esi
    cmp esi, 4
    jb .mode
    fldcw [saved_cw]

    ; --- integers: a 64-bit integer through the stack and back as packed BCD; word loads and stores
    print "fild qword      = "
    fild qword [big]
    xor edx, edx
    call print_fixed
    print 10
    print "fist word       = "
    fild word [ten]
    fimul word [n239]
    fiadd dword [five]
    fist word [int16]
    fstp st0
    movzx eax, word [int16]
    print_num eax
    print 10

    ; --- minimum and maximum with fcomi and fcmov, the sum with fadd, an environment kept by fnstenv/fldenv
    fnstenv [env]
    fldz                        ; sum
    fld dword [values]          ; min, sum
    fld st0                     ; max, min, sum
    mov ecx, 1
.minmax:
    fld dword [values+ecx*4]    ; v, max, min, sum
    fadd st3, st0
    fcomi st0, st1
    fcmovbe st0, st1            ; max(v, max)
    fstp st1
    fld dword [values+ecx*4]
    fcomi st0, st2
    fcmovnb st0, st2            ; min(v, min)
    fstp st2
    inc ecx
    cmp ecx, NVALUES
    jb .minmax
    print "max             = "
    mov edx, 2
    call print_fixed
    print 10
    print "min             = "
    call print_fixed
    print 10
    print "sum             = "
    fadd dword [values]         ; the first value was left out of the loop's sum
    call print_fixed
    print 10
    fldenv [env]
    ; the old compare: fcom, fnstsw ax, sahf
    fld dword [values+2*4]
    fcomp dword [values+5*4]
    fnstsw ax
    sahf
    jbe .not_greater
    print "7.75 > 6.0 by fcomp and fnstsw", 10
.not_greater:
    exit 0

; pow2: st0 <- 2^st0 (f2xm1 takes the fraction, fscale the integer part)
pow2:
    fld st0
    frndint                     ; n, x
    fsub st1, st0               ; n, x - n
    fxch                        ; x - n, n
    f2xm1
    fld1
    faddp st1, st0              ; 2^(x - n), n
    fscale
    fstp st1
    ret

; print_fixed: print st0 rounded to EDX decimals (at most 17) and pop it
print_fixed:
    pushad
    mov ecx, edx
    jecxz .scaled
.scale:
    fimul word [ten]
    loop .scale
.scaled:
    fbstp [bcd]                 ; 18 BCD digits, two a byte from the least significant, then the sign
    mov edi, text
    test byte [bcd+9], 0x80
    jz .positive
    mov byte [edi], '-'
    inc edi
.positive:
    mov esi, 17                 ; digit index, 0 the least significant
    xor ebp, ebp                ; nonzero once a digit is written
.digit:
    mov eax, esi
    shr eax, 1
    movzx eax, byte [bcd+eax]
    test esi, 1
    jz .low
    shr eax, 4
.low:
    and eax, 0x0f
    or ebp, eax                 ; leading zeros are left out, up to the units digit
    jnz .emit
    cmp esi, edx
    ja .next
.emit:
    inc ebp
    add al, '0'
    mov [edi], al
    inc edi
    cmp esi, edx
    jne .next
    test edx, edx
    jz .next
    mov byte [edi], '.'
    inc edi
.next:
    dec esi
    jns .digit
    mov ecx, text
    mov edx, edi
    sub edx, ecx
    call write_out
    popad
    ret
