# Files: mkdir, cp, mv, rm, ln, readlink, chmod, stat, touch, find,
# xargs, du-free checks, test, dd, truncate, realpath.
cd /tmp && rm -rf files && mkdir -p files/a/b/c && cd files
echo one > a/1.txt; echo two > a/b/2.txt; echo three > a/b/c/3.txt
find . -name '*.txt' | sort
find . -type d | sort | tr '\n' ' '; echo
find . -name '*.txt' | xargs cat | sort | tr '\n' ' '; echo
cp -r a copy; cat copy/b/c/3.txt; mv copy moved; ls
ln -s a/1.txt link; readlink link; cat link; ln a/1.txt hard
stat -c '%h %s %F' hard; stat -c '%F' link; ls -l link | cut -c1
chmod 640 a/1.txt; stat -c '%a' a/1.txt; chmod u+x a/1.txt; stat -c '%a' a/1.txt
touch -d '2020-01-02 03:04:05' a/1.txt; date -r a/1.txt '+%Y-%m-%d %H:%M:%S'
[ -f a/1.txt ] && [ -d a ] && [ ! -e nope ] && echo tests-ok
[ a/1.txt -nt nope ] || echo nt-false
dd if=/dev/zero of=z bs=1024 count=8 2>/dev/null; stat -c %s z
dd if=a/b/2.txt bs=1 skip=1 count=2 2>/dev/null; echo
truncate -s 100 z; stat -c %s z; truncate -s 0 z; stat -c %s z
rm -r moved; ls; rm -f nope; echo "rm-f $?"
mkdir d1 && rmdir d1 && echo rmdir-ok
realpath a/b/../1.txt | sed 's|/tmp/files/||'
echo abc > s; ls -la s | awk '{print $1, $5}'
cat nope 2>&1 | sed 's/^cat: //'
