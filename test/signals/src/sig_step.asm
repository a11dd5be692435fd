; Single-stepping, signals sent to oneself, masks and the alternate stack.
; - popf sets TF: the CPU traps after each following instruction (SIGTRAP,
;   TRAP_TRACE, trapno 1, si_addr the next EIP) until a popf clears it, which
;   traps too, as it started with TF set;
; - kill to itself (SI_USER) and tgkill (SI_TKILL), with si_pid = getpid();
; - a blocked signal stays pending (rt_sigpending) and is delivered as soon as
;   rt_sigprocmask unblocks it, before the call returns;
; - SA_ONSTACK runs the handler on the alternate stack; sigaltstack answers
;   SS_ONSTACK there and refuses (EPERM) to change it;
; - a handler's own signal is blocked while it runs (it stays pending and is
;   taken after sigreturn), unless SA_NODEFER.

%include "print.inc"

SYS_EXIT        equ 1
SYS_GETPID      equ 20
SYS_KILL        equ 37
SYS_SIGALTSTACK equ 186
SYS_RT_SIGACTION equ 174
SYS_RT_SIGPROCMASK equ 175
SYS_RT_SIGPENDING equ 176
SYS_GETTID      equ 224
SYS_TGKILL      equ 270
SA_SIGINFO      equ 4
SA_ONSTACK      equ 0x08000000
SA_NODEFER      equ 0x40000000
SIGTRAP         equ 5
SIGUSR1         equ 10
SIGUSR2         equ 12
SIGURG          equ 23
ALT_SIZE        equ 16384

section .data
hexdigits:  db "0123456789abcdef"
nl_str:     db 10, 0
s_step:     db "step ", 0
s_usr:      db "usr ", 0
s_pending:  db "pending ", 0
s_unblocked: db "unblocked", 10, 0
s_alt:      db "alt onstack ss_flags eperm ", 0
s_nest:     db "nested ", 0
s_done:     db "done", 10, 0
act_trap:   dd on_trap, SA_SIGINFO, 0, 0, 0
act_usr1:   dd on_usr, SA_SIGINFO, 0, 0, 0
act_usr2:   dd on_alt, SA_SIGINFO | SA_ONSTACK, 0, 0, 0
act_urg:    dd on_nest, SA_SIGINFO | SA_NODEFER, 0, 0, 0
usr1_set:   dd 1 << (SIGUSR1 - 1), 0
alt_ss:     dd altstack, 0, ALT_SIZE

section .bss
outbuf:     resb 16
steps:      resd 1
depth:      resd 1
pending:    resd 2
query:      resd 3
altstack:   resb ALT_SIZE

section .text
global _start

%macro install 2
        mov eax, SYS_RT_SIGACTION
        mov ebx, %1
        mov ecx, %2
        xor edx, edx
        mov esi, 8
        int 0x80
%endmacro

%macro send_self 1
        mov eax, SYS_GETPID
        int 0x80
        mov ebx, eax
        mov eax, SYS_KILL
        mov ecx, %1
        int 0x80
%endmacro

_start:
        install SIGTRAP, act_trap
        pushfd
        or dword [esp], 0x100
        popfd                           ; TF on: no trap for this popf
        nop
        mov eax, 1
        add eax, 2
        pushfd
        and dword [esp], ~0x100
        popfd                           ; TF off: this one still traps
        nop
        push dword [steps]
        call put_hex
        call put_nl

        ; kill and tgkill to itself.
        install SIGUSR1, act_usr1
        send_self SIGUSR1
        mov eax, SYS_GETPID
        int 0x80
        mov ebx, eax
        mov eax, SYS_GETTID
        int 0x80
        mov ecx, eax
        mov eax, SYS_TGKILL
        mov edx, SIGUSR1
        int 0x80

        ; Blocked: pending until unblocked.
        mov eax, SYS_RT_SIGPROCMASK
        xor ebx, ebx                    ; SIG_BLOCK
        mov ecx, usr1_set
        xor edx, edx
        mov esi, 8
        int 0x80
        send_self SIGUSR1
        mov eax, SYS_RT_SIGPENDING
        mov ebx, pending
        mov ecx, 8
        int 0x80
        push s_pending
        call put_str
        push dword [pending]
        call put_hex
        call put_nl
        mov eax, SYS_RT_SIGPROCMASK
        mov ebx, 1                      ; SIG_UNBLOCK: the handler runs before this returns
        mov ecx, usr1_set
        xor edx, edx
        mov esi, 8
        int 0x80
        push s_unblocked
        call put_str

        ; The alternate stack.
        mov eax, SYS_SIGALTSTACK
        mov ebx, alt_ss
        xor ecx, ecx
        int 0x80
        install SIGUSR2, act_usr2
        send_self SIGUSR2

        ; SA_NODEFER: the handler is entered again from inside itself.
        install SIGURG, act_urg
        send_self SIGURG
        push s_done
        call put_str
        mov eax, SYS_EXIT
        xor ebx, ebx
        int 0x80

on_trap:
        push s_step
        call put_str
        mov esi, [esp+8]                ; info
        push dword [esi+8]              ; si_code
        call put_hex
        push dword [esi+12]             ; si_addr
        call put_hex
        mov edi, [esp+12]
        push dword [edi+20+48]          ; trapno
        call put_hex
        push dword [edi+20+56]          ; eip
        call put_hex
        pushfd                          ; TF is clear in the handler
        and dword [esp], 0x100
        call put_hex
        mov eax, [edi+20+64]            ; and set in the frame
        and eax, 0x100
        push eax
        call put_hex
        call put_nl
        inc dword [steps]
        ret

on_usr:
        push s_usr
        call put_str
        mov esi, [esp+8]
        push dword [esi]                ; si_signo
        call put_hex
        push dword [esi+8]              ; si_code
        call put_hex
        mov eax, SYS_GETPID
        int 0x80
        cmp eax, [esi+12]               ; si_pid
        sete al
        movzx eax, al
        push eax
        call put_hex
        mov edi, [esp+12]
        push dword [edi+108]            ; the mask in the frame: before the handler
        call put_hex
        sub esp, 8                      ; the mask now: SIGUSR1 blocked
        mov eax, SYS_RT_SIGPROCMASK
        xor ebx, ebx
        xor ecx, ecx
        mov edx, esp
        mov esi, 8
        int 0x80
        pop eax
        pop edx
        push eax
        call put_hex
        call put_nl
        ret

on_alt:
        push s_alt
        call put_str
        xor eax, eax
        cmp esp, altstack
        jb .off
        cmp esp, altstack + ALT_SIZE
        jae .off
        inc eax
.off:   push eax
        call put_hex
        mov eax, SYS_SIGALTSTACK
        xor ebx, ebx
        mov ecx, query
        int 0x80
        push dword [query+4]            ; ss_flags: SS_ONSTACK
        call put_hex
        mov eax, SYS_SIGALTSTACK
        mov ebx, alt_ss
        xor ecx, ecx
        int 0x80
        push eax                        ; -EPERM
        call put_hex
        mov edi, [esp+12]
        push dword [edi+8+4]            ; uc_stack.ss_flags as the frame saved them
        call put_hex
        push dword [edi+8+8]            ; uc_stack.ss_size
        call put_hex
        call put_nl
        ret

on_nest:
        inc dword [depth]
        push s_nest
        call put_str
        push dword [depth]
        call put_hex
        call put_nl
        cmp dword [depth], 3
        jae .out
        send_self SIGURG
.out:   ret
