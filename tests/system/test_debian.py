"""Unmodified, dynamically linked Debian programs on UmkaOS: bash,
coreutils, findutils, grep, sed, mawk, diffutils, gzip, tar, perl and
python3,
with glibc's ld.so and libraries, copied byte for byte from this Debian
machine.  Each script in tests/debian runs in the guest and on the host
(Linux, the oracle) in a fresh directory, with the same environment and
the same binaries; the outputs must be equal."""
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
find xargs grep sed awk diff cmp gzip tar perl python3
""".split()
PERL_LIB = "/usr/lib/x86_64-linux-gnu/perl-base"
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/tmp"}


def shared_libs(path):
    out = subprocess.run(["ldd", path], capture_output=True, text=True,
                         check=True).stdout
    return re.findall(r"(/\S+) \(0x", out)


def python_files(tdir):
    """The modules py_main.py loads (sources, compiled caches, extension
    modules), found by running it here: the whole library is too big."""
    code = ("import runpy, sys, importlib.util as u\n"
            f"runpy.run_path({os.path.join(tdir, 'py_main.py')!r})\n"
            "for m in list(sys.modules.values()):\n"
            "    f = getattr(m, '__file__', None)\n"
            "    if f:\n"
            "        print('MOD', f)\n"
            "        if f.endswith('.py'):\n"
            "            print('MOD', u.cache_from_source(f))\n")
    out = subprocess.run(["/usr/bin/python3", "-I", "-c", code], env=ENV,
                         capture_output=True, text=True, check=True).stdout
    files = [line[4:] for line in out.splitlines() if line.startswith("MOD ")]
    return [f for f in files if os.path.exists(f)]


def image_files(tdir):
    """(host file, path in the image) pairs; symlinks become their
    targets' contents at the link's path."""
    files = {}
    for name in PROGRAMS:
        exe = f"/usr/bin/{name}"
        files[exe] = exe
        for lib in shared_libs(exe):
            files[lib] = lib
    for f in python_files(tdir):
        files[f] = f
        if f.endswith(".so"):
            for lib in shared_libs(f):
                files[lib] = lib
    for dirpath, _, names in os.walk(PERL_LIB):
        for n in names:
            p = os.path.join(dirpath, n)
            files[p] = p
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
