; Bit instructions: bt/bts/btr/btc with register and immediate offsets, on
; registers (offset taken modulo the width) and on memory (a register offset
; reaches outside the addressed dword, also backwards); bsf/bsr (plus bsf of
; zero: only ZF is printed); bswap; shld/shrd at 16 and 32 bits by immediate and
; by cl, including count 0 (flags unchanged) and counts masked to 5 bits; and
; `rep bsf` (tzcnt on newer CPUs) on non-zero inputs only, without its flags.
; Only the flags the SDM defines are printed: bt* CF; bsf/bsr ZF; shld/shrd
; CF SF ZF PF, and OF only for a count of 1.

F_ALL   equ 0x8d5
F_CF    equ 0x001
F_ZF    equ 0x040
F_SHD   equ 0x0c5                       ; CF PF ZF SF
F_SHD1  equ 0x8c5                       ; ... and OF for count 1

section .data
m_bt:    db "bt reg: ", 0
m_btm:   db "bt mem: ", 0
m_bsf:   db "bsf/bsr: ", 0
m_bswap: db "bswap: ", 0
m_shld:  db "shld: ", 0
m_shrd:  db "shrd: ", 0
m_tz:    db "rep bsf: ", 0
bitarr:    dd 0x00000000, 0x80000001, 0x12345678, 0xffffffff, 0x00010000, 0x00000000
bsfv:    dd 1, 0x80000000, 0x00f00000, 0x12345678, 0xffffffff, 0x00000100

section .text
global _start
_start:
        ; nothing relies on the registers' values at entry: give them known ones
        mov eax, 0xa0a0a0a0
        mov ebx, 0xb0b0b0b0
        mov ecx, 0xc0c0c0c0
        mov edx, 0xd0d0d0d0
        mov esi, 0x5e5e5e5e
        mov edi, 0xd1d1d1d1
        mov ebp, 0xbebebebe
        push m_bt
        call put_str
        mov eax, 0x0000f00f
        mov ecx, 3
        bt eax, ecx
        push F_CF
        call put_flags
        mov ecx, 36                     ; 36 mod 32 = 4
        bt eax, ecx
        push F_CF
        call put_flags
        bts eax, 16
        push F_CF
        call put_flags
        btr eax, 0
        push F_CF
        call put_flags
        btc eax, 31
        push F_CF
        call put_flags
        btc eax, 63                     ; imm masked: bit 31 again
        push F_CF
        call put_flags
        push eax
        call put_hex
        mov bx, 0x8001
        mov cx, 17                      ; 17 mod 16 = 1
        bts bx, cx
        push F_CF
        call put_flags
        btr bx, 15
        push F_CF
        call put_flags
        push ebx
        call put_hex
        call put_nl

        push m_btm
        call put_str
        ; memory with a register offset: dword index = offset >> 5 (signed)
        mov ecx, 63                     ; bits[1] bit 31
        bt dword [bitarr], ecx
        push F_CF
        call put_flags
        mov ecx, 64 + 5                 ; bits[2] bit 5
        bts dword [bitarr], ecx
        push F_CF
        call put_flags
        mov ecx, -1                     ; from bitarr+4 back to bit 31 of bitarr[0]
        bts dword [bitarr + 4], ecx
        push F_CF
        call put_flags
        mov ecx, -32                    ; bits[3] bit 0 from bitarr+16
        btr dword [bitarr + 16], ecx
        push F_CF
        call put_flags
        mov ecx, 128 + 16               ; bits[4] bit 16
        btc dword [bitarr], ecx
        push F_CF
        call put_flags
        mov cx, 17                      ; 16-bit: word index 1, bit 1 -> bitarr+2
        bts word [bitarr + 16], cx
        push F_CF
        call put_flags
        bt dword [bitarr + 8], 35         ; immediate: modulo 32, same dword
        push F_CF
        call put_flags
        btc word [bitarr + 20], 20        ; immediate: modulo 16
        push F_CF
        call put_flags
        mov esi, bitarr
        mov ecx, 6
.show:  push dword [esi]
        call put_hex
        add esi, 4
        dec ecx
        jnz .show
        call put_nl

        push m_bsf
        call put_str
        mov esi, bsfv
        mov ecx, 6
.scan:  bsf eax, [esi]
        push F_ZF
        call put_flags
        push eax
        call put_hex
        mov edx, [esi]
        bsr eax, edx
        push eax
        call put_hex
        add esi, 4
        dec ecx
        jnz .scan
        mov dx, 0x0180
        bsf ax, dx
        push eax
        call put_hex
        bsr ax, dx
        push eax
        call put_hex
        xor edx, edx
        bsf eax, edx                    ; zero source: destination undefined
        push F_ZF
        call put_flags
        bsr eax, edx
        push F_ZF
        call put_flags
        call put_nl

        push m_bswap
        call put_str
        mov eax, 0x12345678
        bswap eax
        push eax
        call put_hex
        mov edi, 0x80000001
        bswap edi
        push edi
        call put_hex
        mov ebp, 0x00ff00fe
        bswap ebp
        push ebp
        call put_hex
        call put_nl

        push m_shld
        call put_str
        mov eax, 0x12345678
        mov ebx, 0x9abcdef0
        shld eax, ebx, 4
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov eax, 0x40000000
        mov ebx, 0xffffffff
        shld eax, ebx, 1                ; sign change: OF = 1
        push F_SHD1
        call put_flags
        push eax
        call put_hex
        mov cl, 35                      ; masked to 3
        mov eax, 0xf0000001
        shld eax, ebx, cl
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov cl, 32                      ; masked to 0: nothing changes
        pushfd
        or dword [esp], F_ALL
        popfd
        shld eax, ebx, cl
        push F_ALL
        call put_flags
        push eax
        call put_hex
        mov eax, 0x00001234
        mov edx, 0x0000abcd
        shld ax, dx, 8
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov cl, 12
        shld ax, dx, cl
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov dword [bitarr], 0x80000000
        shld [bitarr], edx, 1
        push F_SHD1
        call put_flags
        push dword [bitarr]
        call put_hex
        call put_nl

        push m_shrd
        call put_str
        mov eax, 0x12345678
        mov ebx, 0x9abcdef0
        shrd eax, ebx, 4
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov eax, 0x00000001
        mov ebx, 0x00000001
        shrd eax, ebx, 1                ; CF = 1, sign change: OF = 1
        push F_SHD1
        call put_flags
        push eax
        call put_hex
        mov cl, 31
        shrd eax, ebx, cl
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov eax, 0xffff8001
        mov edx, 0x00000000
        shrd ax, dx, 15
        push F_SHD
        call put_flags
        push eax
        call put_hex
        mov dword [bitarr], 0x000000ff
        mov cl, 8
        shrd [bitarr], ebx, cl
        push F_SHD
        call put_flags
        push dword [bitarr]
        call put_hex
        mov word [bitarr + 4], 0x0003
        shrd word [bitarr + 4], bx, 2
        push F_SHD
        call put_flags
        push dword [bitarr + 4]
        call put_hex
        call put_nl

        push m_tz
        call put_str
        mov esi, bsfv
        mov ecx, 6
.tz:    rep bsf eax, [esi]
        push eax
        call put_hex
        add esi, 4
        dec ecx
        jnz .tz
        call put_nl

        xor ebx, ebx
        jmp exit

; ---------------------------------------------------------------------------
; Output helpers. Every oracle program carries its own copy so that each source
; assembles alone. They preserve all registers and EFLAGS; arguments are pushed
; and the callee pops them.
; ---------------------------------------------------------------------------
section .data
hexdigits: db "0123456789abcdef"
nl_str: db 10, 0
section .bss
outbuf: resb 16
section .text
; put_hex(value): the dword as 8 hex digits and a space.
put_hex:
        pushfd
        pushad
        mov eax, [esp+40]
        mov edi, outbuf
        mov ecx, 8
.digit: rol eax, 4
        mov edx, eax
        and edx, 15
        mov dl, [hexdigits+edx]
        mov [edi], dl
        inc edi
        dec ecx
        jnz .digit
        mov byte [edi], ' '
        mov ecx, outbuf
        mov edx, 9
        jmp write_out
; put_str(address): a zero-terminated string.
put_str:
        pushfd
        pushad
        mov ecx, [esp+40]
        xor edx, edx
.len:   cmp byte [ecx+edx], 0
        je write_out
        inc edx
        jmp .len
; Tail of put_hex and put_str: write(1, ecx, edx), restore, pop the argument.
write_out:
        mov eax, 4
        mov ebx, 1
        int 0x80
        popad
        popfd
        ret 4
; put_flags(mask): EFLAGS & mask, as put_hex prints it.
put_flags:
        pushfd
        pushad
        mov eax, [esp+32]
        and eax, [esp+40]
        push eax
        call put_hex
        popad
        popfd
        ret 4
; put_nl(): a newline.
put_nl:
        push nl_str
        call put_str
        ret
; exit(status in ebx)
exit:
        mov eax, 1
        int 0x80
