"""procfs through Debian's busybox: ps, free, uptime, mount, top, pidof,
hostname and /proc files, run by a /test/run script in the busybox
initramfs (user/init.sh mounts /proc and /sys first).  Checks the shape
of each tool's output as Linux prints it: header lines, the init process
listed, numbers where numbers belong."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

SCRIPT = r"""#!/bin/sh
echo "== ps"; ps
echo "== free"; free
echo "== uptime"; uptime
echo "== mount"; mount
echo "== status"; cat /proc/self/status
echo "== stat"; cat /proc/self/stat
echo "== maps"; cat /proc/self/maps
echo "== cmdline"; tr '\0' ' ' < /proc/1/cmdline; echo
echo "== hostname"; hostname umka; hostname; uname -n
echo "== pidof"; pidof init sh
echo "== top"; top -bn1 | head -4
echo "== fd"; ls -l /proc/self/fd/ 2>/dev/null | grep -e console -e pipe: -e null
echo "== sys"; cat /sys/devices/system/cpu/online
echo "== end"
"""


def section(text, name):
    m = re.search(r"^== %s\r?\n(.*?)(?=^== )" % re.escape(name), text,
                  re.S | re.M)
    return m.group(1).replace("\r", "") if m else ""


def checks(text):
    ps = section(text, "ps")
    free = section(text, "free")
    status = section(text, "status")
    stat = section(text, "stat").split()
    return {
        "ps": ps.startswith("PID   USER     COMMAND") and
        re.search(r"^\s+1 root\s+.*init", ps, re.M) is not None,
        "free": re.match(r"\s+total\s+used\s+free\s+shared\s+buff/cache"
                         r"\s+available\nMem:\s+\d+\s+\d+\s+\d+", free)
        is not None and "\nSwap:" in free,
        "uptime": re.search(r"up .*load average: \d+\.\d\d, \d+\.\d\d, "
                            r"\d+\.\d\d", section(text, "uptime"))
        is not None,
        "mount": re.search(r"^proc on /proc type proc \(rw", 
                           section(text, "mount"), re.M) is not None and
        "sysfs on /sys type sysfs" in section(text, "mount"),
        "status": status.startswith("Name:\tcat\n") and
        re.search(r"^Pid:\t\d+$", status, re.M) is not None and
        re.search(r"^VmRSS:\s+\d+ kB$", status, re.M) is not None and
        re.search(r"^SigBlk:\t[0-9a-f]{16}$", status, re.M) is not None,
        "stat": len(stat) == 52 and stat[1] == "(cat)" and
        stat[2] in "RSD" and all(f.lstrip("-").isdigit()
                                 for f in stat[3:]),
        "maps": re.search(r"^[0-9a-f]{8,}-[0-9a-f]{8,} r-xp [0-9a-f]{8} "
                          r"[0-9a-f]{2}:[0-9a-f]{2} \d+ +/bin/busybox$",
                          section(text, "maps"), re.M) is not None,
        "cmdline": section(text, "cmdline").startswith("/bin/sh /init"),
        "hostname": section(text, "hostname") == "umka\numka\n",
        "pidof": re.match(r"\d+( \d+)*\n$", section(text, "pidof"))
        is not None,
        "top": re.match(r"Mem: \d+K used, \d+K free.*\nCPU:.*\n"
                        r"Load average: [\d.]+ [\d.]+ [\d.]+ \d+/\d+ \d+\n"
                        r"\s+PID\s+PPID USER", section(text, "top"),
                        re.S) is not None,
        "fd": re.search(r" 0 -> /dev/console$", section(text, "fd"), re.M)
        is not None and
        re.search(r" 2 -> /dev/null$", section(text, "fd"), re.M)
        is not None and
        re.search(r" 1 -> pipe:\[\d+\]$", section(text, "fd"), re.M)
        is not None,
        "sysfs": re.match(r"0(-\d+)?\n$", section(text, "sys")) is not None,
    }


def run(root, record):
    if not os.path.exists("/bin/busybox"):
        record("system/proc/busybox", False, "no /bin/busybox on the host")
        return
    tmp = tempfile.mkdtemp(prefix="umka-proc-")
    try:
        script = os.path.join(tmp, "run")
        with open(script, "w") as f:
            f.write(SCRIPT)
        os.chmod(script, 0o755)
        img = os.path.join(tmp, "initrd.img")
        qemu.initramfs(img, [f"{script}:test/run"])
        r = qemu.run_captured(kernel=os.path.join(root, "build/umka"),
                              smp=2, initrd=img, timeout=120,
                              cmdline="console=ttyS0 quiet",
                              stop_on=r"UMKA-TEST-DONE")
        text = r.text()
        done = "== end" in text
        record("system/proc/boot", done, r.tail())
        for name, ok in checks(text).items():
            record(f"system/proc/{name}", done and ok,
                   section(text, name if name != "sysfs" else "sys")
                   or r.tail())
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    def show(name, ok, why=""):
        print(("PASS " if ok else "FAIL ") + name + ("" if ok else
                                                      "\n" + str(why)))
    run(os.path.join(os.path.dirname(__file__), "..", ".."), show)
