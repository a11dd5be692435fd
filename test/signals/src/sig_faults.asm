; Every fault the CPU raises in user mode, each caught by an SA_SIGINFO
; handler that prints what Linux put in the siginfo and the ucontext (signal,
; si_code, si_addr, trapno, err, cr2, eip) and resumes at the next test by
; rewriting the saved EIP. The handler has no SA_RESTORER: it returns through
; the kernel's own trampoline. Then a sigframe handler (no SA_SIGINFO), a
; handler with its own restorer, the FPU state in the frame, DF in the frame
; and at the handler's entry; last, a SIGSEGV while SIGSEGV is blocked, which
; Linux forces through: the process dies of it (status 139).

%include "print.inc"

SYS_EXIT        equ 1
SYS_RT_SIGACTION equ 174
SYS_RT_SIGPROCMASK equ 175
SA_SIGINFO      equ 4
SA_RESTORER     equ 0x04000000
SIGILL          equ 4
SIGTRAP         equ 5
SIGFPE          equ 8
SIGSEGV         equ 11

section .data
hexdigits:  db "0123456789abcdef"
nl_str:     db 10, 0
s_sig:      db "sig ", 0
s_fpu:      db "fpu cw sw tw st0 ", 0
s_df:       db "df entry/frame ", 0
s_mask:     db "mask stack ", 0
s_old:      db "sigframe ", 0
s_own:      db "own restorer ", 0
s_force:    db "blocked SIGSEGV: forced", 10, 0
bounds:     dd 10, 20
cw_ze:      dw 0x037b
three:      dq 3.0

; struct sigaction for rt_sigaction: handler, flags, restorer, mask (u64)
act_info:   dd on_fault, SA_SIGINFO, 0, 0, 0
act_old:    dd on_old, 0, 0, 0, 0
act_own:    dd on_fault, SA_SIGINFO | SA_RESTORER, own_restorer, 0, 0
segv_set:   dd 1 << (SIGSEGV - 1), 0

section .bss
outbuf:     resb 16
resume:     resd 1

section .text
global _start

; sigaction(sig, act)
%macro install 2
        mov eax, SYS_RT_SIGACTION
        mov ebx, %1
        mov ecx, %2
        xor edx, edx
        mov esi, 8
        int 0x80
%endmacro

; Run the faulting code that follows, resuming at %1.
%macro expect 1
        mov dword [resume], %1
%endmacro

_start:
        install SIGSEGV, act_info
        install SIGILL, act_info
        install SIGFPE, act_info
        install SIGTRAP, act_info

        expect t1
        mov eax, [0x10]                 ; read of an unmapped page: MAPERR, err 4
t1:     expect t2
        mov dword [0x20], 1             ; write of an unmapped page: err 6
t2:     expect t3
        mov dword [_start], 0           ; write of the text: ACCERR, err 7
t3:     expect t4
        ud2                             ; SIGILL ILL_ILLOPN
t4:     expect t5
        xor edx, edx
        mov eax, 7
        xor ecx, ecx
        div ecx                         ; SIGFPE FPE_INTDIV
t5:     expect t6
        mov eax, 0
        mov edx, 0x80000000
        mov ecx, -1
        idiv ecx                        ; quotient overflow: FPE_INTDIV too
t6:     expect t7
        int3                            ; SIGTRAP SI_KERNEL, a trap
t7:     expect t8
        int 3                           ; the two-byte form: the same
t8:     expect t9
        mov al, 0x7f
        add al, 1                       ; OF
        into                            ; #OF: SIGSEGV SI_KERNEL, trapno 4
t9:     expect t10
        int 4                           ; the same through int n
t10:    expect t11
        mov eax, 30
        bound eax, [bounds]             ; #BR: SIGSEGV, trapno 5, a fault
t11:    expect t12
        int 0x81                        ; #GP, err = 0x81 * 8 + 2
t12:    expect t13
        hlt                             ; #GP(0)
t13:    expect t14
        finit
        fldcw [cw_ze]
        fld1
        fldz
        fdivp st1, st0
        fwait                           ; #MF: SIGFPE FPE_FLTDIV, trapno 16
t14:    fninit

        ; The FPU state in the frame, and DF: set before the fault, clear in the handler.
        fld qword [three]
        fld1
        std
        expect t15
        mov eax, [0x30]
t15:    cld
        fninit

        ; A sigframe handler (no SA_SIGINFO).
        install SIGILL, act_old
        expect t16
        ud2
t16:    ; A handler with its own restorer.
        install SIGILL, act_own
        expect t17
        ud2
t17:
        ; Blocked SIGSEGV: Linux forces it through and the process dies.
        push s_force
        call put_str
        mov eax, SYS_RT_SIGPROCMASK
        xor ebx, ebx                    ; SIG_BLOCK
        mov ecx, segv_set
        xor edx, edx
        mov esi, 8
        int 0x80
        mov eax, [0x40]
        mov eax, SYS_EXIT
        xor ebx, ebx
        int 0x80

; handler(sig, info, uc)
on_fault:
        pushfd                          ; DF at entry
        push s_sig
        call put_str
        mov eax, [esp+8]                ; sig
        push eax
        call put_hex
        mov esi, [esp+12]               ; info
        push dword [esi+8]              ; si_code
        call put_hex
        push dword [esi+12]             ; si_addr
        call put_hex
        mov edi, [esp+16]               ; uc
        lea ebx, [edi+20]               ; uc_mcontext
        push dword [ebx+48]             ; trapno
        call put_hex
        push dword [ebx+52]             ; err
        call put_hex
        push dword [ebx+84]             ; cr2
        call put_hex
        push dword [ebx+56]             ; eip
        call put_hex
        call put_nl
        push s_mask
        call put_str
        push dword [edi+108]            ; uc_sigmask (low word)
        call put_hex
        push dword [edi+12]             ; uc_stack.ss_flags
        call put_hex
        push dword [edi+16]             ; uc_stack.ss_size
        call put_hex
        call put_nl
        ; The fault at t15 (address 0x30) also shows the FPU state and DF.
        cmp dword [esi+12], 0x30
        jne .resume
        mov edx, [ebx+76]               ; fpstate
        push s_fpu
        call put_str
        movzx eax, word [edx]           ; cw
        push eax
        call put_hex
        movzx eax, word [edx+4]         ; sw
        push eax
        call put_hex
        movzx eax, word [edx+8]         ; tag word
        push eax
        call put_hex
        push dword [edx+28+4]           ; st0's significand, high half
        call put_hex
        movzx eax, word [edx+28+8]      ; st0's sign and exponent
        push eax
        call put_hex
        sub esp, 4
        fnstcw [esp]                    ; the handler's own FPU: initialised
        movzx eax, word [esp]
        mov [esp], eax
        call put_hex
        call put_nl
        push s_df
        call put_str
        mov eax, [esp]                  ; EFLAGS at entry
        and eax, 0x400
        push eax
        call put_hex
        mov eax, [ebx+64]               ; EFLAGS in the frame
        and eax, 0x400
        push eax
        call put_hex
        call put_nl
.resume:
        mov eax, [resume]
        mov [ebx+56], eax
        popfd
        ret

; handler(sig): the sigcontext follows the signal number on the stack.
on_old:
        push s_old
        call put_str
        push dword [esp+4]              ; sig
        call put_hex
        push dword [esp+8+48]           ; trapno
        call put_hex
        push dword [esp+8+56]           ; eip
        call put_hex
        push dword [esp+8+80]           ; oldmask
        call put_hex
        call put_nl
        mov eax, [resume]
        mov [esp+8+56], eax
        ret

own_restorer:
        push s_own
        call put_str
        call put_nl
        mov eax, 173                    ; rt_sigreturn
        int 0x80
