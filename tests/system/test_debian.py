"""Unmodified, dynamically linked Debian programs on UmkaOS: bash,
coreutils, findutils, grep, sed, mawk, diffutils, gzip, tar, perl,
python3 and gcc (compiling and running a C program), with glibc's ld.so
and libraries, copied byte for byte from this Debian machine: each
script runs here under strace first, and every file it touched goes into
the image.  Each script then runs in the guest and on the host (Linux,
the oracle) in a fresh directory, with the same environment and the
same binaries; the outputs must be equal."""
import difflib
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
import qemu  # noqa: E402

PROGRAMS = """
bash cat cp cut date dd basename dirname env expr factor head id ln ls
md5sum mkdir mv nproc od paste printf readlink realpath rm seq sha1sum
sha256sum sleep sort split stat tac tail tee timeout touch tr truncate
uniq wc base64 chmod uname
find xargs grep sed awk diff cmp gzip tar perl python3 gcc df findmnt setarch
""".split()
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/tmp"}


def shared_libs(path):
    out = subprocess.run(["ldd", path], capture_output=True, text=True,
                         check=True).stdout
    return re.findall(r"(/\S+) \(0x", out)


# Files a traced script used that the guest must not take from the host.
NOT_COPIED = ("/proc/", "/sys/", "/dev/", "/tmp/", "/etc/passwd", "/etc/group",
              "/etc/hostname", "/etc/ld.so.cache")
# The path of a traced call, whether or not strace split the line
# (<unfinished ...>); failed calls end in "= -1 ERRNO".
TRACE_RE = re.compile(r'^\d+\s+\w+\((?:AT_FDCWD, |\d+, )?"(/[^"]*)"')


def traced_files(script):
    """Every file the script opened, executed or looked at when run here:
    what the guest needs (the scripts' own programs, ld.so, libraries,
    perl and python modules, gcc's helpers, headers and crt files)."""
    trace = tempfile.mktemp(prefix="umka-trace.")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e",
                        "trace=execve,open,openat,newfstatat,stat,lstat,"
                        "access,faccessat,faccessat2",
                        "/usr/bin/bash", script], cwd=d,
                       env=dict(ENV, T=os.path.dirname(script)),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
        prefix = os.path.realpath(d) + "/"
    files = set()
    with open(trace) as f:
        for line in f:
            m = TRACE_RE.match(line)
            if not m or "= -1 " in line:
                continue
            path = os.path.normpath(m.group(1))
            if (path.startswith(NOT_COPIED) or path.startswith(prefix) or
                    path.startswith(os.path.dirname(script)) or
                    not os.path.isfile(path)):
                continue
            files.add(path)
    os.unlink(trace)
    return files


def image_files(tdir):
    """(host file, path in the image) pairs; symlinks become their
    targets' contents at the link's path."""
    files = {}
    for name in PROGRAMS:
        exe = f"/usr/bin/{name}"
        files[exe] = exe
        for lib in shared_libs(exe):
            files[lib] = lib
    for script in glob.glob(os.path.join(tdir, "t_*.sh")):
        for f in traced_files(script):
            files[f] = f
    return [(os.path.realpath(src), dest.lstrip("/"))
            for dest, src in sorted(files.items())]


def build_initramfs(root, out):
    tdir = os.path.join(root, "tests", "debian")
    adds = [f"{os.path.join(tdir, 'run')}:test/run"]
    for path in sorted(glob.glob(os.path.join(tdir, "t_*.sh"))):
        adds.append(f"{path}:test/debian/{os.path.basename(path)}")
    adds.append(f"{os.path.join(tdir, 'py_main.py')}:test/debian/py_main.py")
    adds += [f"{src}:{dest}" for src, dest in image_files(tdir)]
    qemu.initramfs(out, adds)


def on_host(script):
    """The oracle: the same script and binaries on this Linux machine."""
    env = dict(ENV, T=os.path.dirname(script))
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=base) as d:
        p = subprocess.run(["/usr/bin/bash", script], cwd=d, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=120)
    return p.stdout.splitlines() + [f"status {p.returncode}"]


def guest_outputs(lines):
    out, name = {}, None
    for line in lines:
        m = re.match(r"(BEGIN|END) (t_\w+)$", line)
        if m and m.group(1) == "BEGIN":
            name = m.group(2)
            out[name] = []
        elif m:
            name = None
        elif name:
            out[name].append(line)
    return out


def run(root, record):
    missing = [p for p in PROGRAMS if not os.path.exists(f"/usr/bin/{p}")]
    if missing:
        record("debian/programs_present", False, f"not on host: {missing}")
        return
    img = os.path.join(root, "build", "test-debian.cpio.gz")
    build_initramfs(root, img)
    r = qemu.run_captured(kernel=os.path.join(root, "build", "umka"), smp=2,
                          mem="512M", initrd=img, cmdline="console=ttyS0 quiet",
                          stop_on=r"UMKA-TEST-DONE", timeout=180)
    got = guest_outputs(r.lines)
    for script in sorted(glob.glob(os.path.join(root, "tests", "debian",
                                                "t_*.sh"))):
        name = os.path.splitext(os.path.basename(script))[0]
        want = on_host(script)
        have = got.get(name)
        if have is None:
            record(f"debian/{name}", False,
                   "did not run; last lines:\n" + r.tail(30))
            continue
        diff = "\n".join(difflib.unified_diff(want, have, "linux", "umka",
                                              lineterm=""))
        record(f"debian/{name}", not diff, diff[:3000])
