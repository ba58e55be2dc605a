# GNU coreutils, findutils and friends from Debian, dynamically linked.
set -u
printf 'pear\napple\nfig\napple\n' > fruit
sort fruit | uniq -c
sort -r fruit | head -n 2
wc -l -w -c fruit
cut -c1-3 fruit | tr a-z A-Z | paste -sd,
seq 1 5 | tac | xargs echo
factor 360 1001
expr 6 \* 7
echo hello | od -An -tx1
echo data | base64 | base64 -d
printf 'abc' | md5sum
printf 'abc' | sha256sum
dd if=/dev/zero bs=1k count=64 status=none | sha1sum
truncate -s 100000 sparse && stat -c '%s %F' sparse
mkdir -p a/b/c && touch -d '2001-02-03 04:05:06' a/b/c/f && ls -l --time-style=+%F_%T a/b/c/f
cp -a a copy && find copy | sort && stat -c '%Y %a' copy/b/c/f
ln -s copy/b/c/f link && readlink link && realpath --relative-to=. link
mv copy moved && ls && rm -r moved a && ls
chmod 640 fruit && stat -c '%a %U %G' fruit
split -l 2 fruit part_ && ls part_* && cat part_ab
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %A'
basename /usr/lib/libc.so.6 .6; dirname /usr/lib/libc.so.6
timeout 0.2 sleep 5; echo "timeout status $?"
env -i X=1 env
printf '%5.2f|%-4s|%x\n' 3.14159 ab 255
tee t1 t2 < fruit > /dev/null && cmp t1 t2 && echo same
find . -name 'part_*' -newer fruit -o -name 't1' | sort
id -u; id -gn
nproc >/dev/null && echo nproc ok
test -d /proc/self/fd && ls /proc/self/fd/ | wc -l >/dev/null && echo fd dir ok
# df and findmnt read /proc/self/mountinfo (and statfs).
df -P / | tail -n 1 | awk '{ print ($2 > 0) ? "df ok" : "df bad" }'
findmnt -n -o FSTYPE /proc
findmnt -n -o TARGET -T /proc/self
# tail -f follows through inotify: with a 30 s polling interval only an
# inotify event can show the appended line before the timeout.
printf 'one\n' > log
(sleep 0.3; printf 'two\n' >> log) &
timeout 3 tail -s 30 -f log; echo "tail status $?"
wait
# setarch -R: personality(ADDR_NO_RANDOMIZE), then exec.
setarch "$(uname -m)" -R true && echo "setarch ok"
