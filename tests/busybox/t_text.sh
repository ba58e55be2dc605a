# Text tools: sed, awk, grep, sort, uniq, cut, tr, wc, head, tail, diff,
# paste, join-ish, fold, rev, nl, expand, comm, tac.
cd /tmp && rm -rf text && mkdir text && cd text
printf 'banana 3\napple 10\ncherry 7\napple 2\n' > f
sort f; sort -k2 -n f; sort -u -k1,1 f | cut -d' ' -f1
awk '{ s += $2 } END { print "sum", s, NR }' f
awk -F' ' '$2 > 5 { print toupper($1) }' f
sed -n '2,3p' f; sed 's/a/A/g' f | head -2; sed '/cherry/d' f | wc -l
grep -c apple f; grep -n '^c' f; grep -v apple f; grep -E 'an+a' f
cut -c1-3 f | uniq; cut -d' ' -f1 f | sort | uniq -c
tr -d 'aeiou' < f | head -1; tr -s 'p' < f | head -2 | tail -1
wc -l < f; wc -w < f; wc -c < f
head -c 10 f; echo; tail -n 1 f; tail -c 3 f
printf 'a\nb\nc\n' > x; printf 'a\nB\nc\nd\n' > y; diff x y; echo "diff $?"
paste x x; printf 'x y z\n' | rev; nl x | tr '\t' ' '
printf 'abcdefghij\n' | fold -w 4; printf 'a\tb\n' | expand -t 4
comm x y; tac x | tr '\n' ' '; echo
seq 1 5 | xargs echo; seq 3 -1 1 | tr '\n' ,; echo
echo "hello world" | sed -e 's/\(hello\) \(world\)/\2 \1/'
printf '%05d|%-4s|%x|%c\n' 42 ab 255 Z
expr 6 \* 7; expr length abcde; basename /a/b/c.txt .txt; dirname /a/b/c
