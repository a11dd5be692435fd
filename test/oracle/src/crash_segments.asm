; Segment faults, one per argument, each after a line on stdout: what Linux
; makes of them without a handler.
;   nullss      mov ss with a null selector: #GP(0), SIGSEGV (139)
;   limit       a load one byte past a data segment's limit: #GP(0), SIGSEGV
;   nulluse     a load through ES holding a null selector: #GP(0), SIGSEGV
;   readonly    a store through a read-only data segment: #GP(0), SIGSEGV
;   execonly    execute-only code into DS: #GP(selector), SIGSEGV
;   notpresent  a not-present segment into ES: #NP(selector), SIGBUS (135)
;   stack       a push below a 16-bit stack segment's limit: #SS(0), SIGBUS
;   farnull     jmp far to a null selector: #GP(0), SIGSEGV
;   codelimit   call far past a code segment's limit: #GP(0), SIGSEGV
;   retdata     retf to a data segment: #GP(selector), SIGSEGV
;   outside     mov fs with a selector past the LDT's end: #GP(selector), SIGSEGV
;   lldt, ltr, lgdt, lidt, lmsw   privileged at CPL 3: #GP(0), SIGSEGV
;   sgdtreg     sgdt with a register operand: #UD, SIGILL (132)

%define SEL(n) (((n) << 3) | 7)

section .data
udesc:  dd 0, 0, 0, 0
names:  db "nullss", 0, "limit", 0, "nulluse", 0, "readonly", 0, "execonly", 0, "notpresent", 0
        db "stack", 0, "farnull", 0, "codelimit", 0, "retdata", 0, "outside", 0
        db "lldt", 0, "ltr", 0, "lgdt", 0, "lidt", 0, "lmsw", 0, "sgdtreg", 0, 0
handlers: dd do_nullss, do_limit, do_nulluse, do_readonly, do_execonly, do_notpresent
        dd do_stack, do_farnull, do_codelimit, do_retdata, do_outside
        dd do_lldt, do_ltr, do_lgdt, do_lidt, do_lmsw, do_sgdtreg
prefix: db "crash_segments: "
PREFIX_LEN equ $ - prefix
nl:     db 10

section .bss
dat:    resb 0x1000

section .text
global _start
; ldt(entry, base, limit, flags)
%macro LDT 4
        mov dword [udesc], %1
        mov dword [udesc+4], %2
        mov dword [udesc+8], %3
        mov dword [udesc+12], %4
        mov eax, 123
        mov ebx, 1
        mov ecx, udesc
        mov edx, 16
        int 0x80
%endmacro
_start:
        LDT 0, dat, 0xff, 1                 ; 0x07: 256-byte data
        LDT 1, dat, 0xff, 1 | 8             ; 0x0f: read-only data
        LDT 2, 0, 0xfffff, 1 | 4 | 8 | 16   ; 0x17: execute-only code
        LDT 3, dat, 0xff, 1 | 32            ; 0x1f: not present
        LDT 4, dat, 0x7ff, 0                ; 0x27: 16-bit stack, limit 0x7ff
        LDT 5, code_seg, 0xf, 1 | 4         ; 0x2f: 16-byte code segment
        mov esi, [esp + 8]                  ; argv[1]
        test esi, esi
        jz .fail
        mov edi, names
        xor ebx, ebx
.next:  cmp byte [edi], 0
        je .fail
        push esi
        push edi
.cmp:   mov al, [esi]
        cmp al, [edi]
        jne .differ
        inc esi
        inc edi
        test al, al
        jnz .cmp
        pop edi
        pop esi
        jmp .found
.differ: pop edi
        pop esi
.skip:  inc edi
        cmp byte [edi - 1], 0
        jne .skip
        inc ebx
        jmp .next
.found: push ebx
        ; say which case runs
        mov eax, 4
        mov ebx, 1
        mov ecx, prefix
        mov edx, PREFIX_LEN
        int 0x80
        mov ecx, esi
        xor edx, edx
.len:   cmp byte [ecx + edx], 0
        je .say
        inc edx
        jmp .len
.say:   mov eax, 4
        mov ebx, 1
        int 0x80
        mov eax, 4
        mov ecx, nl
        mov edx, 1
        int 0x80
        pop ebx
        jmp [handlers + ebx*4]
.fail:  mov eax, 1
        mov ebx, 2
        int 0x80

do_nullss:
        xor eax, eax
        mov ss, ax
        jmp exit0
do_limit:
        mov ax, SEL(0)
        mov es, ax
        mov eax, [es:0xfc]                  ; inside
        mov eax, [es:0xfd]                  ; its last byte is at 0x100
        jmp exit0
do_nulluse:
        mov ax, 3
        mov es, ax
        mov eax, [es:dat]
        jmp exit0
do_readonly:
        mov ax, SEL(1)
        mov es, ax
        mov eax, [es:0]
        mov [es:0], eax
        jmp exit0
do_execonly:
        mov ax, SEL(2)
        mov ds, ax
        jmp exit0
do_notpresent:
        mov ax, SEL(3)
        mov es, ax
        jmp exit0
do_stack:
        mov ax, SEL(4)
        mov ss, ax
        mov sp, 0x802
        push ax                             ; to 0x800: past the limit 0x7ff
        jmp exit0
do_farnull:
        jmp 0:exit0
do_codelimit:
        call SEL(5):0                       ; inside: runs and returns
        call SEL(5):0x10                    ; past the limit
        jmp exit0
do_retdata:
        push dword SEL(0)
        push dword exit0
        retf
do_outside:
        mov ax, SEL(40)
        mov fs, ax
do_lldt:
        xor eax, eax
        lldt ax
do_ltr:
        mov eax, 0x40
        ltr ax
do_lgdt:
        lgdt [udesc]
do_lidt:
        lidt [udesc]
do_lmsw:
        mov eax, 0x33
        lmsw ax
do_sgdtreg:
        db 0x0f, 0x01, 0xc0                 ; sgdt with ModRM mod 3 (eax): no memory operand
exit0:  mov eax, 1
        xor ebx, ebx
        int 0x80
code_seg:
        retf
