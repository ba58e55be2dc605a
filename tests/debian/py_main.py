"""Debian's python3 on UmkaOS: threads, subprocesses, files, mmap,
signals, select and the pure-Python standard library."""
import collections
import datetime
import json
import mmap
import os
import queue
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import zlib

print(sys.version_info[:2] >= (3, 0), sys.platform, os.name)
q = queue.Queue()
workers = [threading.Thread(target=lambda n=n: q.put(n * n)) for n in range(8)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(sorted(q.get() for _ in range(8)))
lock, total = threading.Lock(), [0]


def add():
    for _ in range(2000):
        with lock:
            total[0] += 1


ts = [threading.Thread(target=add) for _ in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
print("locked total", total[0])
out = subprocess.run(["/usr/bin/sort"], input="b\na\nc\n", capture_output=True,
                     text=True)
print(out.returncode, out.stdout.split())
print(subprocess.call(["/usr/bin/bash", "-c", "exit 3"]))
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "f.bin")
    with open(p, "wb") as f:
        f.write(struct.pack("<IHd", 7, 3, 2.5) * 1000)
    with open(p, "r+b") as f, mmap.mmap(f.fileno(), 0) as m:
        print(len(m), struct.unpack("<IHd", m[:14]))
        m[0:4] = b"ABCD"
    print(open(p, "rb").read(4), os.stat(p).st_size)
    os.makedirs(os.path.join(d, "x", "y"))
    print(sorted(r[len(d):] for r, _, _ in os.walk(d)))
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
os.kill(os.getpid(), signal.SIGUSR1)
print("signal", got == [signal.SIGUSR1])
r, w = os.pipe()
os.write(w, b"x")
print("select", select.select([r], [], [], 1)[0] == [r])
pid = os.fork()
if pid == 0:
    os._exit(9)
print("fork", os.waitpid(pid, 0)[1] >> 8)
print(json.dumps({"b": [1, 2.5, None], "a": True}, sort_keys=True))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@host you@there"))
print(collections.Counter("mississippi").most_common(2))
print(datetime.datetime.fromtimestamp(0, datetime.timezone.utc).isoformat())
print(zlib.crc32(b"umka"), len(zlib.compress(b"a" * 10000)))
import socket  # noqa: E402
import multiprocessing  # noqa: E402

a, b = socket.socketpair()
a.sendall(b"over AF_UNIX")
print(b.recv(64), a.family == socket.AF_UNIX)
with multiprocessing.Pool(2) as pool:
    print(pool.map(abs, [-1, -2, 3, -4]))
