; memtest: the classic DIMM test over a 16 KiB buffer: walking ones/zeros, address-in-address and March C-, reporting every error.
bits 32
%include "lib/io.inc"

WORDS     equ 4096              ; 16 KiB of dwords
MAX_SHOWN equ 8                 ; errors printed in detail

section .bss
buffer: resd WORDS
errors: resd 1
test_errors: resd 1

section .text
global _start
_start:
    cld
    ; walking ones: each pattern has a single bit set
    print "walking ones:     "
    mov dword [test_errors], 0
    mov ebx, 1
.ones:
    mov eax, ebx
    call fill_and_verify
    shl ebx, 1
    jnz .ones
    call end_test

    ; walking zeros: each pattern has a single bit clear
    print "walking zeros:    "
    mov dword [test_errors], 0
    mov ebx, 1
.zeros:
    mov eax, ebx
    not eax
    call fill_and_verify
    shl ebx, 1
    jnz .zeros
    call end_test

    ; address in address: each word holds its own address, then its complement
    print "own address:      "
    mov dword [test_errors], 0
    xor edx, edx                ; 0: address, then ~address
.addr_pass:
    mov edi, buffer
    mov ecx, WORDS
.addr_write:
    mov eax, edi
    xor eax, edx
    stosd
    loop .addr_write
    mov esi, buffer
    mov ecx, WORDS
.addr_check:
    mov eax, esi
    xor eax, edx
    cmp eax, [esi]
    je .addr_ok
    mov ebx, [esi]
    call report
.addr_ok:
    add esi, 4
    loop .addr_check
    not edx
    test edx, edx
    jnz .addr_pass
    call end_test

    ; March C-: up(w0) up(r0,w1) up(r1,w0) down(r0,w1) down(r1,w0) up(r0)
    print "March C-:         "
    mov dword [test_errors], 0
    xor eax, eax
    mov edi, buffer
    mov ecx, WORDS
    rep stosd                   ; up(w0)
    xor edx, edx
    call march_up               ; up(r0, w1)
    not edx
    call march_up               ; up(r1, w0)
    not edx
    call march_down             ; down(r0, w1)
    not edx
    call march_down             ; down(r1, w0)
    xor eax, eax
    mov edi, buffer
    mov ecx, WORDS
    call scan_verify            ; up(r0)
    call end_test

    print "memtest: "
    print_num WORDS * 4
    print " bytes, "
    print_num [errors]
    print " errors", 10
    mov ebx, [errors]
    test ebx, ebx
    setnz bl
    movzx ebx, bl
    mov eax, SYS_EXIT
    int 0x80

; fill_and_verify: fill the buffer with EAX (rep stosd), then check it (repe scasd)
fill_and_verify:
    pushad
    mov edi, buffer
    mov ecx, WORDS
    rep stosd
    mov edi, buffer
    mov ecx, WORDS
    call scan_verify
    popad
    ret

; scan_verify: check ECX words from EDI all equal EAX, reporting each that does not
scan_verify:
    pushad
.scan:
    jecxz .done
    repe scasd
    je .done
    mov esi, edi                ; the word that differed is the one before EDI
    sub esi, 4
    mov ebx, [esi]
    call report
    jmp .scan
.done:
    popad
    ret

; march_up / march_down: read each word expecting EDX, write ~EDX, ascending / descending
march_up:
    pushad
    mov esi, buffer
    mov ecx, WORDS
.word:
    cmp [esi], edx
    je .ok
    mov eax, edx
    mov ebx, [esi]
    call report
.ok:
    mov eax, edx
    not eax
    mov [esi], eax
    add esi, 4
    loop .word
    popad
    ret

march_down:
    pushad
    mov esi, buffer + (WORDS - 1) * 4
    mov ecx, WORDS
.word:
    cmp [esi], edx
    je .ok
    mov eax, edx
    mov ebx, [esi]
    call report
.ok:
    mov eax, edx
    not eax
    mov [esi], eax
    sub esi, 4
    loop .word
    popad
    ret

; report: a word at ESI read EBX where EAX was written
report:
    inc dword [errors]
    inc dword [test_errors]
    cmp dword [errors], MAX_SHOWN
    ja .quiet
    push esi
    sub esi, buffer
    print 10, "  error at offset "
    print_hex esi
    print ": wrote "
    print_hex eax
    print ", read "
    print_hex ebx
    pop esi
.quiet:
    ret

; end_test: finish a test's line with its error count
end_test:
    cmp dword [test_errors], 0
    jne .failed
    print "ok", 10
    ret
.failed:
    print 10, "  "
    print_num [test_errors]
    print " errors", 10
    ret
