"""busybox vi over the serial console: boot the `make run` initramfs,
open a file in vi at the shell prompt, edit it with keystrokes typed one
batch at a time (each after vi redrew its status line, so vi - not the
shell or the tty's line editing - reads them), save with :wq, and cat
the file to see the edit landed."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

ESC = b"\x1b"

# (what vi or the shell shows, then the keys to type).  vi's status line
# reads "- NAME [Modified] LINE/LINES PERCENT" in command mode and starts
# with "I" in insert mode, so "I ... - ..." means an insert has ended.
# Keys that leave vi waiting for more (r, an ESC that may start a key
# sequence) end their batch.
SCRIPT = [
    (r"~ # ", b"cd /tmp && printf 'one\\ntwo\\nthree\\n' > f.txt"
              b" && vi f.txt\r"),
    # Line 2 goes (dd), then "!" is appended to what is now line 2.
    (r"- f\.txt 1/3", b"jdd" + b"A!" + ESC),
    # The first word of that line changed.
    (r"I f\.txt \[Modified\] 2/2.*- f\.txt \[Modified\] 2/2",
     b"0cwTHREE" + ESC),
    # Back to the top, a new first line above it.
    (r"I f\.txt \[Modified\] 2/2.*- f\.txt \[Modified\] 2/2",
     b"ggOzero" + ESC),
    # Down one, its first letter replaced.
    (r"I f\.txt \[Modified\] 1/3.*- f\.txt \[Modified\] 1/3", b"j0rO"),
    # vi redraws just the replaced character: "O" at row 2, column 1.
    (r"\x1b\[2;1HO", b":wq\r"),
    # vi is gone and the prompt is back: show what was saved.
    (r"'f\.txt' 3L, \d+C.*/tmp # ", b"cat f.txt; echo VI-DONE-$((6*7))\r"),
]


def run(root, record):
    subprocess.run(["make", "-s", "-C", root, "initramfs"], check=True,
                   capture_output=True)
    r = qemu.run_captured(kernel=os.path.join(root, "build", "umka"), smp=2,
                          initrd=os.path.join(root, "build",
                                              "initramfs.cpio.gz"),
                          cmdline="console=ttyS0 quiet",
                          send=[(rx, keys) for rx, keys in SCRIPT],
                          stop_on=r"^VI-DONE-42", timeout=120)
    text = r.text()
    # What cat printed: the lines between the command and the marker.
    got = []
    for i, line in enumerate(r.lines):
        if line.startswith("VI-DONE-42"):
            j = i - 1
            while j >= 0 and "cat f.txt" not in r.lines[j]:
                j -= 1
            got = r.lines[j + 1:i]
            break
    record("system/vi/edit_saved", got == ["zero", "One", "THREE!"] and
           not r.timed_out,
           f"cat printed {got!r}; last output:\n{text[-1500:]!r}")
    # vi used the alternate screen and put the terminal back afterwards.
    record("system/vi/screen_restored", "\x1b[?1049h" in text and
           "\x1b[?1049l" in text, text[-500:])
