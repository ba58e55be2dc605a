#!/usr/bin/env python3
"""Embed user test programs in the kernel image (for self-tests that run
before any filesystem exists).  Emits assembly with .incbin per program
and a table of {name, start, end} in the .user_images section."""
import os
import sys

out = ["\t.section .rodata.user_images, \"a\"", "\t.balign 16"]
names = []
for i, path in enumerate(sys.argv[1:]):
    name = os.path.splitext(os.path.basename(path))[0]
    names.append(name)
    out += [f"user_image_{i}_start:", f"\t.incbin \"{path}\"",
            f"user_image_{i}_end:", f"user_image_{i}_name:",
            f"\t.asciz \"{name}\"", "\t.balign 16"]
out += ["\t.section .rodata", "\t.balign 8", "\t.globl user_images",
        "user_images:"]
for i in range(len(names)):
    out += [f"\t.quad user_image_{i}_name, user_image_{i}_start, "
            f"user_image_{i}_end"]
out += ["\t.quad 0, 0, 0"]
print("\n".join(out))
