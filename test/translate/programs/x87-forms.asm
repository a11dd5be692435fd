; The x87 forms compiled blocks hold (src/translate/x87-forms.ts), for
; test/translate/x87-forms.test.ts, which runs this interpreted and
; translated and demands the same machine, the unit's whole state included.
; Runs of forms sit between integer code in the same blocks (loops, so that
; they compile), with memory operands through base and index registers the
; block just changed. Each group ends with fnstenv (the control and status
; words, tags, FIP) and every result stored into `out`, which is written to
; stdout at the end. Groups where the fast path declines in the middle of a
; run: operands that are zero, denormal, infinite or NaN, a stack overflow
; and underflow, another control word, an m64 operand across two pages; and
; the forms at their edges: signed zeros, C1 cleared by fxch, roundings to
; f32 and f64 that carry into the next binade or past the largest. With
; an argument, a letter, the run ends in a faulting x87 form instead.

bits 32

section .data
align 8
vals:   dq 1.5, -2.25, 3.0e10, 7.0e-3, 0.1, 12345.678, -0.0625, 2.0
svals:  dd 0.75, -3.5, 1.0e-5, 6.5
odd:    dq 0.0, 4.9406564584124654e-324, 1.0e308, -1.0e308
inf:    dd 0x7f800000
qnan:   dd 0x7fc00001
cw_up:  dw 0x0b7f                       ; round up, extended precision, all masked
cw_24:  dw 0x007f                       ; precision 24
cw_def: dw 0x037f
zeros:  dq -0.0, 0.0
        dd 0x80000000                   ; -0.0 as an f32
align 8
; 80-bit values (significand, then sign and exponent) whose 64 significand
; bits are all ones: rounded to an f32 or f64 they carry into the next
; binade; at 2^127 (2^1023) that is past the largest f32 (f64), at 2^126
; it is the largest exponent's first value.
wide:   dq 0xffffffffffffffff
        dw 0x3fff
        dq 0xffffffffffffffff
        dw 0x407e
        dq 0xffffffffffffffff
        dw 0x43fe
        dq 0xffffffffffffffff
        dw 0x407d
faults: dd f_fld_unmapped, f_fst_unmapped, f_fst_readonly, f_fadd_unmapped
NFAULTS equ 4

section .bss
alignb 8
out:    resb 2048                       ; results, then written out
env:    resb 28
alignb 4096
two:    resb 8192                       ; an m64 across the boundary of these pages
last:   resb 4096                       ; the page after it is unmapped

section .text
global _start
_start:
        finit
        mov dword [last], 0             ; its page mapped now: later only x87 stores write it
        mov edi, out
        xor ecx, ecx

        ; ---- a loop of register and memory forms between integer code ----
loop1:  lea esi, [vals + ecx*8]         ; the block changes the base register, then loads through it
        fld qword [esi]
        fld qword [vals + ecx*8 + 8]
        fld dword [svals + 4]
        fadd st0, st1
        fsub st0, st2
        fsubr st0, st1
        fmul st2, st0
        fdiv st0, st2
        fdivr st1, st0
        add ecx, 1
        fxch st2
        fld st1
        faddp st1, st0
        fsubrp st2, st0
        fmulp st1, st0
        fabs
        fsqrt
        fchs
        fadd qword [vals + 16]
        fmul dword [svals]
        fdiv qword [vals + 56]
        fsub dword [svals + 8]
        fsubr qword [vals + 32]
        fdivr dword [svals + 12]
        fst dword [edi]
        fstp qword [edi + 4]
        fstp st0
        add edi, 12
        cmp ecx, 6
        jb loop1
        call state

        ; ---- fst/fstp to registers, fld st(i), long runs ----
        mov ecx, 20
loop2:  fld qword [vals]
        fld qword [vals + 8]
        fld st1
        fst st3
        fstp st2
        fxch st1
        fmul st0, st0
        fadd st0, st1
        fstp qword [edi]
        fstp st0
        fstp qword [edi + 8]
        add edi, 16
        sub ecx, 1
        jnz loop2
        call state

        ; ---- operands the fast path declines, in the middle of runs ----
        xor ecx, ecx
loop3:  fld qword [vals]
        fadd qword [odd + ecx*8]        ; zero, a denormal, near overflow, near -overflow
        fmul qword [odd + ecx*8]
        fld dword [inf]
        fadd st0, st1
        fld dword [qnan]
        fmul st0, st2
        faddp st1, st0
        fdiv qword [odd]                ; division by zero (masked)
        fstp qword [edi]
        fstp qword [edi + 8]
        add edi, 16
        add ecx, 1
        cmp ecx, 4
        jb loop3
        call state

        ; ---- stack overflow and underflow (masked: the invalid result) ----
        mov ecx, 2
loop4:  fld1
        fld qword [vals]
        fld qword [vals + 8]
        fld qword [vals + 16]
        fld qword [vals + 24]
        fld qword [vals + 32]
        fld qword [vals + 40]
        fld qword [vals + 48]
        fld qword [vals + 56]           ; the ninth: overflow
        fstp qword [edi]
        fninit
        fadd st0, st1                   ; underflow
        fstp qword [edi + 8]
        fninit
        add edi, 16
        sub ecx, 1
        jnz loop4
        call state

        ; ---- other control words: the fast path declines the whole run ----
        mov ecx, 3
loop5:  fldcw [cw_up]
        fld qword [vals + 32]
        fdiv dword [svals + 8]
        fstp qword [edi]
        fldcw [cw_24]
        fld qword [vals + 32]
        fmul qword [vals + 40]
        fstp qword [edi + 8]
        fldcw [cw_def]
        fld qword [vals + 32]
        fmul qword [vals + 40]
        fstp qword [edi + 16]
        add edi, 24
        sub ecx, 1
        jnz loop5
        call state

        ; ---- an m64 across two pages, and at the end of the last page ----
        mov ecx, 4
        mov ebx, two + 4092
loop6:  fld qword [vals + ecx*8]
        fst qword [last + 4088]         ; the page's last eight bytes
        fmul qword [last + 4088]
        fst qword [ebx]                 ; across the boundary: the rest of the block runs interpreted
        fadd qword [ebx]
        fld dword [ebx + 2]
        faddp st1, st0
        fstp qword [edi]
        add edi, 8
        sub ecx, 1
        jnz loop6
        call state

        ; ---- the moves at their edges: C1 after fxch, signed zeros, roundings that carry ----
        ; (A form the fast path declines leaves its block for the interpreter,
        ; which runs the rest of the block: each part is a block of its own.)
        mov ecx, 3
loop7:  fld qword [vals + 32]           ; 0.1
        fld qword [vals]                ; 1.5
        fst dword [edi]                 ; exact
        fxch st1
        fst dword [edi + 4]             ; 0.1 rounds up: C1
        fxch st1                        ; C1 clear
        fnstsw ax
        mov [edi + 8], eax
        fstp st0
        fstp st0
        jmp .zeros
.zeros: fld qword [zeros]               ; -0.0
        fld qword [zeros + 8]           ; +0.0
        fld dword [zeros + 16]          ; -0.0 (f32)
        fchs
        fabs
        fstp qword [edi + 12]           ; a zero: the general code stores what the register holds
        fstp qword [edi + 20]
        fstp qword [edi + 28]
        jmp .carry
.carry: fld tword [wide]                ; 64 ones at 2^0
        fst dword [edi + 36]            ; rounds up into 2^1: C1, PE
        fnstsw ax
        mov [edi + 40], eax
        fstp qword [edi + 44]
        jmp .high
.high:  fld tword [wide + 30]           ; at 2^126: rounds up to 2^127, an f32 still
        fstp dword [edi + 52]
        fnstsw ax
        mov [edi + 56], eax
        fld tword [wide + 10]           ; at 2^127: rounded to an f32, past the largest
        fstp dword [edi + 60]
        fld tword [wide + 20]           ; at 2^1023: the same for an f64
        fstp qword [edi + 64]
        fnstsw ax                       ; OE: the general code's
        mov [edi + 68], eax
        fnclex
        add edi, 72
        sub ecx, 1
        jnz loop7
        call state

        ; ---- with an argument: a fault in an x87 form ----
        mov eax, [esp]
        cmp eax, 2
        jb finish
        mov eax, [esp + 8]
        movzx eax, byte [eax]
        sub eax, 'a'
        cmp eax, NFAULTS
        jae finish
        fld qword [vals]                ; a run under way when the form faults
        fld qword [vals + 8]
        fadd st0, st1
        jmp [faults + eax*4]
f_fld_unmapped:
        fmul st0, st1
        fld qword [last + 4092]         ; four bytes past the last page
f_fst_unmapped:
        fmul st0, st1
        fst dword [last + 4096]
f_fst_readonly:
        fmul st0, st1
        fstp qword [_start]
f_fadd_unmapped:
        fmul st0, st1
        fadd qword [last + 4096]

finish: mov eax, 4                      ; write(1, out, edi - out)
        mov ebx, 1
        mov ecx, out
        mov edx, edi
        sub edx, out
        int 0x80
        mov eax, 1
        xor ebx, ebx
        int 0x80

; The unit's environment (control, status and tag words, FIP, FDP) and the stack's contents into out.
state:  fnstenv [env]
        fldenv [env]
        mov esi, env
        mov ecx, 7
.copy:  mov eax, [esi]
        mov [edi], eax
        add esi, 4
        add edi, 4
        sub ecx, 1
        jnz .copy
        fst qword [edi]
        add edi, 8
        ret
