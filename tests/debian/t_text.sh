# grep, sed, mawk, diffutils, gzip and tar from Debian.
set -u
cat > doc <<'END'
alpha 10 red
beta 20 green
gamma 30 blue
delta 40 red
END
grep -c red doc; grep -n -E 'a$|^b' doc; grep -o '[0-9]\+' doc | paste -sd' '
grep -r green . ; grep -v -i RED doc | wc -l
sed -n '2,3p' doc; sed 's/\([a-z]*\) \([0-9]*\)/\2 \1/' doc | head -n 2
sed -i 's/red/RED/g' doc && grep -c RED doc
awk '{ s += $2; c[$3]++ } END { print s; for (k in c) n++; print n }' doc
awk -F' ' 'NR % 2 == 0 { printf "%s:%d\n", toupper($1), $2 * 2 }' doc
cp doc doc2 && sed -i '3d' doc2 && diff -u doc doc2 | tail -n +3; echo "diff $?"
cmp doc doc2 || echo "cmp differs"
seq 1 2000 > big && gzip -9 -c big > big.gz && gzip -dc big.gz | sha1sum && sha1sum < big
mkdir -p tree/sub && echo one > tree/a && echo two > tree/sub/b
tar -cf t.tar tree && rm -r tree && tar -tf t.tar | sort && tar -xf t.tar && cat tree/sub/b
tar -czf t.tgz tree && tar -tzf t.tgz | wc -l
