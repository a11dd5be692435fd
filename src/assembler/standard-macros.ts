/**
 * Macros NASM itself defines in NASM source (its standard.mac): `align` pads
 * with NOPs (0x90, in data sections too) and raises the section's alignment;
 * `alignb` reserves space instead; `struc`/`endstruc` lay out a structure's
 * fields as absolute offsets (with NAME_size), `istruc`/`at`/`iend` build an
 * initialised instance (`at .field` names a field of a struc of local labels).
 */
export const STANDARD_MACROS = `%imacro align 1-2+.nolist nop
    sectalign %1
    times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endmacro
%imacro alignb 1-2+.nolist
    sectalign %1
%ifempty %2
    resb (((%1) - (($-$$) % (%1))) % (%1))
%else
    times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endif
%endmacro
%imacro struc 1-2.nolist 0
    %push
    %define %$strucname %1
    [absolute %2]
%$strucname:
%endmacro
%imacro endstruc 0.nolist
%{$strucname}_size equ ($-%$strucname)
    %pop
    __SECT__
%endmacro
%imacro istruc 1.nolist
    %push
    %define %$strucname %1
%$strucstart:
%endmacro
%imacro at 1-2+.nolist
    %defstr %$member %1
    %substr %$member1 %$member 1
    %ifidn %$member1, '.'
        times (%{$strucname}%1-%$strucname)-($-%$strucstart) db 0
    %else
        times (%1-%$strucname)-($-%$strucstart) db 0
    %endif
    %2
%endmacro
%imacro iend 0.nolist
    times %{$strucname}_size-($-%$strucstart) db 0
    %pop
%endmacro
`;
