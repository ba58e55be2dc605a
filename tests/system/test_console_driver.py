"""The serial console behind the KABI console class (issue 5): the
serial_16550 driver from the boot initramfs takes COM1 over from the
built-in early console, the busybox shell runs through it, and after
rmmod the built-in path takes the terminal back (and gives it up again
on insmod) without the shell noticing."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

SCRIPT = (b"echo via-driver-$((20+1)); rmmod serial_16550; "
          b"echo via-builtin-$((40+2)); "
          b"insmod /lib/umka/drivers/serial_16550.ko; "
          b"echo via-driver-again-$((60+3)); cat /proc/modules; "
          b"poweroff -f\n")


def run(root, record):
    subprocess.run(["make", "-C", root, "-s", "build/initramfs.cpio.gz"],
                   check=True, capture_output=True)
    r = qemu.run_captured(kernel=os.path.join(root, "build", "umka"), smp=2,
                          initrd=os.path.join(root, "build",
                                              "initramfs.cpio.gz"),
                          cmdline="console=ttyS0",
                          send=[(r"Enter 'help'", SCRIPT)], timeout=90)
    text = r.text()
    record("console_driver/binds_at_boot",
           "tty: ttyS0 now through a KABI console driver" in text and
           "kabi: serial_16550 bound to platform:serial0" in text,
           r.tail(30))
    record("console_driver/shell_through_driver", "via-driver-21" in text,
           r.tail(30))
    record("console_driver/rmmod_falls_back",
           "via-builtin-42" in text and
           "ttyS0 input back on the built-in driver" in text, r.tail(30))
    record("console_driver/insmod_takes_over_again",
           "via-driver-again-63" in text and
           text.count("tty: ttyS0 now through a KABI console driver") == 2,
           r.tail(30))

