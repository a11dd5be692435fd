; The x87 state as programs see it: fnstenv/fldenv and fnsave/frstor in the
; 32-bit and 16-bit (o16) layouts, with FIP and, after an unmasked exception,
; FOP and FDP; ES/B derived when an environment is loaded; fcmovcc under every
; condition; fcomi/fucomi into EFLAGS; fxam classes; fist at the four rounding
; modes; fbstp/fbld; fprem/fprem1; ffreep, fdecstp/fincstp, the reserved
; aliases (fxch4, fstp1); pending exceptions seen by fnstsw and fnclex.

F_ALL   equ 0x8d5

section .data
hexdigits: db "0123456789abcdef"
nl_str: db 10, 0
m_env:  db "env32: ", 0
m_env16: db "env16: ", 0
m_save: db "save32: ", 0
m_save16: db "save16: ", 0
m_rest: db "restored: ", 0
m_ldenv: db "fldenv: ", 0
m_fcmov: db "fcmov: ", 0
m_fcomi: db "fcomi: ", 0
m_fxam: db "fxam: ", 0
m_fist: db "fist: ", 0
m_bcd:  db "bcd: ", 0
m_prem: db "fprem: ", 0
m_misc: db "misc: ", 0
m_pend: db "pending: ", 0
align 8
f_two:  dq 2.0
f_half: dq 0.5
f_big:  dq 1.0e10
f_m25:  dq -2.5
f_p25:  dq 2.5
f_p35:  dq 3.5
f_ten5: dq 10.5
f_three: dq 3.0
f_tiny: dq 1.0e-310
f_zero32: dd 0.0
bcd_in: dq 0x0000000123456789
        dw 0
nan64:  dq 0x7ff8000000000001
cw_zu:  dw 0x037b                       ; ZE unmasked
cw_modes: dw 0x037f, 0x077f, 0x0b7f, 0x0f7f
i_val:  dd 1234567

section .bss
buf:    resb 128
buf2:   resb 128
outbuf: resb 16

section .text
global _start
_start:
        ; 32-bit environment after three loads
        fninit
        fld1
        fldpi
        fldl2e
        fnstenv [buf]
        push m_env
        call put_str
        push 28
        push buf
        call dump
        fldenv [buf]
        ; 16-bit environment
        o16 fnstenv [buf]
        push m_env16
        call put_str
        push 14
        push buf
        call dump
        ; fnsave: environment, then ST(0)..ST(7); it leaves the unit initialised
        fnsave [buf]
        push m_save
        call put_str
        push 108
        push buf
        call dump
        fnstcw [buf2]
        fnstsw [buf2+2]
        push m_rest
        call put_str
        push 4
        push buf2
        call dump
        frstor [buf]
        fstp tword [buf2]
        fstp tword [buf2+10]
        fnstsw [buf2+20]
        push m_rest
        call put_str
        push 22
        push buf2
        call dump
        ; o16 fnsave / frstor
        fninit
        fldz
        fld qword [f_ten5]
        o16 fnsave [buf]
        push m_save16
        call put_str
        push 94
        push buf
        call dump
        o16 frstor [buf]
        fstp qword [buf2]
        fstp qword [buf2+8]
        push m_rest
        call put_str
        push 16
        push buf2
        call dump

        ; fldenv: status word flags with ZE unmasked get ES and B; tags only say empty or not
        fninit
        fnstenv [buf]
        mov word [buf], 0x037b
        mov word [buf+4], 0x0004
        mov word [buf+8], 0x1234
        fldenv [buf]
        fnstenv [buf2]
        fnclex
        push m_ldenv
        call put_str
        push 12
        push buf2
        call dump

        ; fcmovcc under four flag settings: ST0 = 1, ST1 = 2; each result stored as a dword
        push m_fcmov
        call put_str
        mov esi, 0
.fcm:   fninit
        fld qword [f_two]
        fld1
        ; flag settings: 0 cmp 1,2 (CF); 1 cmp 2,2 (ZF); 2 cmp 3,2 (none); 3 PF from an odd/even result
        mov eax, esi
        cmp esi, 3
        je .pf
        lea eax, [esi+1]
        cmp eax, 2
        jmp .go
.pf:    mov eax, 3
        test eax, eax                   ; PF=1 (two bits set), ZF=0, CF=0
.go:    fcmovb st0, st1
        fst dword [buf]
        fld1
        fcmove st0, st2
        fst dword [buf+4]
        fld1
        fcmovbe st0, st3
        fst dword [buf+8]
        fld1
        fcmovu st0, st4
        fst dword [buf+12]
        fld1
        fcmovnb st0, st5
        fst dword [buf+16]
        fld1
        fcmovne st0, st6
        fst dword [buf+20]
        fld1
        fcmovnbe st0, st7
        fst dword [buf+24]
        push 28
        push buf
        call dump
        inc esi
        cmp esi, 4
        jb .fcm
        ; fcmov with an empty source: stack underflow, the indefinite whatever the condition
        fninit
        fld1
        cmp eax, eax
        fcmovne st0, st1
        fnsave [buf]
        push 28
        push buf+80
        call dump

        ; fcomi/fucomi/fcomip/fucomip: EFLAGS, then the status word
        push m_fcomi
        call put_str
        fninit
        fld qword [f_two]
        fld1
        fcomi st0, st1
        push F_ALL
        call put_flags
        fucomi st0, st0
        push F_ALL
        call put_flags
        fxch
        fcomi st0, st1
        push F_ALL
        call put_flags
        fld qword [nan64]
        fucomip st0, st1
        push F_ALL
        call put_flags
        fld qword [nan64]
        fcomip st0, st1
        push F_ALL
        call put_flags
        fnstsw ax
        push eax
        call put_hex
        call put_nl

        ; fxam: +0, -inf, NaN, a denormal (loaded from a double), an empty register
        push m_fxam
        call put_str
        fninit
        fldz
        call xam
        fld1
        fchs
        fldz
        fdivp st1, st0                  ; -1/+0: -inf (ZE masked)
        call xam
        fld qword [nan64]
        call xam
        fld qword [f_tiny]
        call xam
        ffree st0
        call xam
        fnclex
        call put_nl

        ; fist m16/m32/m64 at the four rounding modes: 2.5, -2.5, 3.5, 1e10 (too big for 16/32 bits)
        push m_fist
        call put_str
        mov esi, 0
.fmode: fninit
        fldcw [cw_modes+esi*2]
        fld qword [f_p25]
        fist word [buf]
        fistp dword [buf+2]
        fld qword [f_m25]
        fist word [buf+6]
        fistp qword [buf+8]
        fld qword [f_p35]
        fistp dword [buf+16]
        fld qword [f_big]
        fist word [buf+20]
        fist dword [buf+22]
        fistp qword [buf+26]
        fnstsw [buf+34]
        push 36
        push buf
        call dump
        inc esi
        cmp esi, 4
        jb .fmode

        ; fbld / fbstp, fild/fbstp of a negative value
        push m_bcd
        call put_str
        fninit
        fbld [bcd_in]
        fld1
        faddp st1, st0
        fbstp [buf]
        fild dword [i_val]
        fchs
        fbstp [buf+10]
        push 20
        push buf
        call dump

        ; fprem / fprem1 of 10.5 by 3, -10.5 by 3
        push m_prem
        call put_str
        fninit
        fld qword [f_three]
        fld qword [f_ten5]
        fprem
        fnstsw ax
        fstp qword [buf]
        fld qword [f_ten5]
        fprem1
        fstp qword [buf+8]
        fld qword [f_ten5]
        fchs
        fprem1
        fstp qword [buf+16]
        mov [buf+24], ax
        push 26
        push buf
        call dump

        ; ffreep, fdecstp/fincstp, fxch4 (dd c9) and fstp1 (d9 d9)
        push m_misc
        call put_str
        fninit
        fld1
        fldz
        fldpi
        db 0xdf, 0xc1                   ; ffreep st1
        fdecstp
        fincstp
        db 0xdd, 0xc9                   ; fxch4 st1
        db 0xd9, 0xd9                   ; fstp1 st1
        fnsave [buf]
        push 108
        push buf
        call dump

        ; An unmasked exception stays pending: fnstsw and fnstenv see it, with
        ; FOP and FDP of the instruction that raised it; fnclex clears it.
        push m_pend
        call put_str
        fninit
        fldcw [cw_zu]
        fld1
        fdiv dword [f_zero32]
        fnstsw ax
        push eax
        call put_hex
        fnstenv [buf]
        push 28
        push buf
        call dump
        fnclex
        fldcw [cw_zu]
        fld1
        fldz
        fdivp st1, st0
        fnstenv [buf]
        push 28
        push buf
        call dump
        fnclex
        fninit
        fnstenv [buf]
        push 28
        push buf
        call dump

        mov eax, 1
        xor ebx, ebx
        int 0x80

; xam: fxam on ST0, print C3..C0 and the sign (status word & 0x4700), pop it
xam:
        fxam
        fnstsw ax
        and eax, 0x4700
        push eax
        call put_hex
        fstp st0
        ret

; dump(address, count): count bytes in hex, a space every four, then a newline.
dump:
        pushfd
        pushad
        mov esi, [esp+40]
        mov ebp, [esp+44]
        xor ebx, ebx
.byte:  cmp ebx, ebp
        je .end
        movzx eax, byte [esi+ebx]
        mov edi, outbuf
        mov edx, eax
        shr edx, 4
        mov dl, [hexdigits+edx]
        mov [edi], dl
        and eax, 15
        mov al, [hexdigits+eax]
        mov [edi+1], al
        mov edx, 2
        inc ebx
        test ebx, 3
        jnz .w
        mov byte [edi+2], ' '
        mov edx, 3
.w:     push ebx
        mov eax, 4
        mov ebx, 1
        mov ecx, outbuf
        int 0x80
        pop ebx
        jmp .byte
.end:   push nl_str
        call put_str
        popad
        popfd
        ret 8

%include "print.inc"
