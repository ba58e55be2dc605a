# Debian's bash: expansions, functions, subshells, traps, process substitution.
set -u
arr=(zero one two three)
echo "${#arr[@]} ${arr[2]} ${arr[@]:1:2}"
declare -A map=([b]=2 [a]=1)
for k in $(printf '%s\n' "${!map[@]}" | sort); do echo "$k=${map[$k]}"; done
fib() { local n=$1; if ((n < 2)); then echo $n; else echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); fi; }
fib 12
s="Hello, World"; echo "${s,,} ${s^^} ${s/World/bash} ${s:7} ${#s}"
x=$( (echo inner; exit 3) ); echo "sub: $x $?"
( exit 7 ); echo "status $?"
trap 'echo got USR1' USR1; kill -USR1 $$; echo after
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo "diff $?"
while read -r a b; do echo "[$b:$a]"; done <<'END'
1 one
2 two
END
sleep 0.1 & p=$!; wait $p; echo "waited $?"
for i in 1 2 3; do (echo $i > bg$i) & done; wait; cat bg1 bg2 bg3
echo $(( (1 << 40) + 17 % 5 ))
printf -v v '%03d' 7; echo $v
set -- a "b c" d; echo $#; for a in "$@"; do echo "<$a>"; done
case foo.tar.gz in *.tar.gz) echo tarball;; *) echo other;; esac
exec 3> fd3; echo via3 >&3; exec 3>&-; cat fd3
shopt -s extglob; f=aaab; echo ${f##+(a)}
echo "pipe status: $(false | true; echo ${PIPESTATUS[*]})"
trap 'echo exit trap' EXIT
