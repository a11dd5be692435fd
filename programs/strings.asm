; strings: string routines built on rep movs/stos/cmps/scas (both directions), with their results printed.
bits 32
%include "lib/io.inc"

section .rodata
source:   db "The rain in Spain stays mainly in the plain.", 0
src_len   equ $ - source
apple:    db "apple", 0
apricot:  db "apricot", 0

section .bss
copy:     resb 64
filled:   resb 16
reversed: resb 64

section .text
global _start
_start:
    cld
    ; strlen with repne scasb
    mov edi, source
    call strlen
    print "strlen: "
    print_num eax
    print 10

    ; memcpy with rep movsd then rep movsb for the tail
    mov esi, source
    mov edi, copy
    mov ecx, src_len
    call memcpy
    print "memcpy: "
    mov esi, copy
    call print_cstr
    print 10

    ; memset with rep stosb, then terminate
    mov edi, filled
    mov al, '*'
    mov ecx, 15
    rep stosb
    mov byte [edi], 0
    print "memset: "
    mov esi, filled
    call print_cstr
    print 10

    ; memchr with repne scasb: where is the first 'S'?
    mov edi, source
    mov al, 'S'
    mov ecx, src_len
    repne scasb
    lea eax, [edi - 1]
    sub eax, source
    print "index of 'S': "
    print_num eax
    print 10

    ; strcmp with repe cmpsb
    mov esi, apple
    mov edi, apricot
    call strcmp
    print "strcmp(apple, apricot): "
    call print_sign
    mov esi, apricot
    mov edi, apple
    call strcmp
    print ", strcmp(apricot, apple): "
    call print_sign
    mov esi, apple
    mov edi, copy               ; compare apple with itself, via a copy
    push esi
    push edi
    mov ecx, 6
    rep movsb
    pop edi
    pop esi
    call strcmp
    print ", strcmp(apple, apple): "
    call print_sign
    print 10

    ; count the 'ai's: scan for 'a', then check the next byte
    xor ebx, ebx
    mov edi, source
    mov ecx, src_len
.find:
    mov al, 'a'
    repne scasb
    jne .counted
    cmp byte [edi], 'i'
    jne .find
    inc ebx
    jmp .find
.counted:
    print "'ai' occurs "
    print_num ebx
    print " times", 10

    ; copy backwards with std: overlapping move one byte to the right
    mov esi, source
    mov edi, reversed
    mov ecx, src_len
    rep movsb
    std
    lea esi, [reversed + src_len - 2]
    lea edi, [reversed + src_len - 1]
    mov ecx, src_len - 1
    rep movsb
    cld
    mov byte [reversed], '>'
    print "shifted: "
    mov esi, reversed
    call print_cstr
    print 10

    ; reverse in place with lodsb / stosb running in opposite directions
    mov esi, source
    mov edi, copy
    mov ecx, src_len
    rep movsb
    mov edi, copy
    call strlen
    mov ecx, eax
    lea esi, [copy + eax - 1]
    mov edi, reversed
.rev:
    std
    lodsb
    cld
    stosb
    loop .rev
    mov byte [edi], 0
    print "reversed: "
    mov esi, reversed
    call print_cstr
    print 10
    exit 0

; strlen: EAX = length of the NUL-terminated string at EDI
strlen:
    push ecx
    push edi
    xor eax, eax
    mov ecx, -1
    repne scasb
    not ecx
    dec ecx
    mov eax, ecx
    pop edi
    pop ecx
    ret

; memcpy: copy ECX bytes from ESI to EDI, four at a time then the rest
memcpy:
    pushad
    mov edx, ecx
    shr ecx, 2
    rep movsd
    mov ecx, edx
    and ecx, 3
    rep movsb
    popad
    ret

; strcmp: EAX = -1, 0 or 1 comparing the strings at ESI and EDI
strcmp:
    push ecx
    push esi
    push edi
    push edi
    call strlen                 ; compare up to the terminator of EDI's string
    pop edi
    lea ecx, [eax + 1]
    xor eax, eax
    repe cmpsb
    je .done
    mov al, [esi - 1]
    cmp al, [edi - 1]
    mov eax, 1
    ja .done
    mov eax, -1
.done:
    pop edi
    pop esi
    pop ecx
    ret

; print_sign: print EAX (-1, 0 or 1) as "-1", "0" or "1"
print_sign:
    test eax, eax
    jns .plain
    print "-1"
    ret
.plain:
    print_num eax
    ret
