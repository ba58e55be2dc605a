#!/usr/bin/env python3
"""Turn `nm -n` output into the kernel's embedded symbol table.

The table is an array of (address, name offset) pairs sorted by address,
followed by the names; arch_dump_stack() binary-searches it to print
function+offset.  With --check FILE, verify that the text symbols of the
final image match the ones baked into FILE (they must: the table sits
after .text, so linking it in cannot move code).
"""
import sys


def text_symbols(lines):
    syms = []
    for line in lines:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tTW":
            continue
        addr, name = int(parts[0], 16), parts[2]
        if addr < 0xffffffff80000000 or name.startswith(".L"):
            continue
        syms.append((addr, name))
    return syms


def emit(syms):
    out = ["\t.section .kallsyms, \"a\"", "\t.balign 8",
           "\t.globl kallsyms_count, kallsyms_addrs, kallsyms_names",
           "kallsyms_count:", f"\t.quad {len(syms)}", "kallsyms_addrs:"]
    out += [f"\t.quad {a:#x}" for a, _ in syms]
    out.append("kallsyms_offsets:")
    off = 0
    for _, name in syms:
        out.append(f"\t.long {off}")
        off += len(name) + 1
    out.append("\t.globl kallsyms_offsets")
    out.append("kallsyms_names:")
    out += [f"\t.asciz \"{n}\"" for _, n in syms]
    return "\n".join(out) + "\n"


def main():
    syms = text_symbols(sys.stdin)
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        if open(sys.argv[2]).read() != emit(syms):
            sys.exit("kallsyms: text moved between link passes")
        return
    sys.stdout.write(emit(syms))


main()
