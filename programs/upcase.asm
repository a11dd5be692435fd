; upcase: reads stdin, writes it upper-cased to stdout, then a line counting its lines, words and bytes.
bits 32
%include "lib/io.inc"

CHUNK equ 4096

section .bss
buf:   resb CHUNK
lines: resd 1
words: resd 1
bytes: resd 1

section .text
global _start
_start:
    xor ebp, ebp                ; 1 while inside a word
.read:
    mov eax, SYS_READ
    mov ebx, STDIN
    mov ecx, buf
    mov edx, CHUNK
    int 0x80
    test eax, eax
    jle .end                    ; 0: end of input, negative: error
    add [bytes], eax
    mov edx, eax                ; bytes in this chunk, for the write
    mov esi, buf
    mov ecx, eax
.char:
    mov al, [esi]
    cmp al, 10
    jne .not_newline
    inc dword [lines]
.not_newline:
    ; a word starts at a non-blank after a blank (space, tab, CR, LF)
    cmp al, ' '
    je .blank
    cmp al, 9
    je .blank
    cmp al, 10
    je .blank
    cmp al, 13
    je .blank
    test ebp, ebp
    jnz .letter
    inc dword [words]
    mov ebp, 1
    jmp .letter
.blank:
    xor ebp, ebp
.letter:
    cmp al, 'a'
    jb .keep
    cmp al, 'z'
    ja .keep
    sub al, 'a' - 'A'
    mov [esi], al
.keep:
    inc esi
    loop .char
    mov ecx, buf
    call write_out
    jmp .read
.end:
    print "-- lines: "
    print_num [lines]
    print ", words: "
    print_num [words]
    print ", bytes: "
    print_num [bytes]
    print 10
    exit 0
