"""The README's `make run`: builds the initramfs and boots to the busybox
prompt; typing `poweroff -f` there powers QEMU off."""
import os
import subprocess
import time


def run(root, record):
    p = subprocess.Popen(["make", "-s", "-C", root, "run"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = b""
    deadline = time.monotonic() + 120
    sent = False
    os.set_blocking(p.stdout.fileno(), False)
    while time.monotonic() < deadline and p.poll() is None:
        try:
            chunk = p.stdout.read() or b""
        except BlockingIOError:
            chunk = b""
        out += chunk
        if not sent and b"~ # " in out:
            p.stdin.write(b"echo run-ok-$((20+22))\rpoweroff -f\r")
            p.stdin.flush()
            sent = True
        time.sleep(0.1)
    if p.poll() is None:
        p.kill()
    out += p.stdout.read() or b""
    text = out.decode("utf-8", "replace")
    record("system/make_run/busybox_prompt", b"~ # " in out and
           "run-ok-42" in text and p.returncode is not None and
           p.returncode >= 0, text[-2000:])
