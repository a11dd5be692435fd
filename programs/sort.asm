; sort: quicksorts 40 pseudo-random numbers (recursive, Lomuto partition), printing them before and after.
bits 32
%include "lib/io.inc"

N equ 40

section .bss
numbers: resd N

section .text
global _start
_start:
    ; fill with a linear congruential generator: x = x * 1103515245 + 12345
    mov eax, 2024
    xor ecx, ecx
.fill:
    imul eax, eax, 1103515245
    add eax, 12345
    mov edx, eax
    shr edx, 16
    and edx, 0x3ff              ; 0..1023
    mov [numbers + ecx*4], edx
    inc ecx
    cmp ecx, N
    jne .fill

    print "before:"
    call show
    push dword N - 1            ; hi
    push dword 0                ; lo
    call quicksort
    add esp, 8
    print "after: "
    call show

    ; check the order
    mov ecx, 1
.check:
    mov eax, [numbers + ecx*4 - 4]
    cmp eax, [numbers + ecx*4]
    ja .unsorted
    inc ecx
    cmp ecx, N
    jb .check
    print "sorted", 10
    exit 0
.unsorted:
    print "NOT sorted", 10
    exit 1

; quicksort(lo, hi): sort numbers[lo..hi] (cdecl: arguments on the stack)
quicksort:
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    mov esi, [ebp + 8]          ; lo
    mov edi, [ebp + 12]         ; hi
    cmp esi, edi
    jge .done
    ; partition around pivot = numbers[hi]
    mov edx, [numbers + edi*4]
    mov ebx, esi                ; i: where the next small element goes
    mov ecx, esi                ; j
.part:
    cmp ecx, edi
    jge .placed
    mov eax, [numbers + ecx*4]
    cmp eax, edx
    jg .big
    xchg eax, [numbers + ebx*4] ; swap numbers[i], numbers[j]
    mov [numbers + ecx*4], eax
    inc ebx
.big:
    inc ecx
    jmp .part
.placed:
    mov eax, [numbers + ebx*4]  ; pivot into its place
    xchg eax, [numbers + edi*4]
    mov [numbers + ebx*4], eax
    lea eax, [ebx - 1]
    push eax
    push esi
    call quicksort              ; quicksort(lo, p - 1)
    add esp, 8
    lea eax, [ebx + 1]
    push edi
    push eax
    call quicksort              ; quicksort(p + 1, hi)
    add esp, 8
.done:
    pop edi
    pop esi
    pop ebx
    leave
    ret

; show: print the array on one line
show:
    push ecx
    xor ecx, ecx
.item:
    print " "
    print_num [numbers + ecx*4]
    inc ecx
    cmp ecx, N
    jb .item
    print 10
    pop ecx
    ret
