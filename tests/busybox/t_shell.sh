# Shell language: pipelines, redirection, subshells, here-documents,
# functions, arithmetic, traps, exit statuses.
echo "pipeline: $(printf 'c\nb\na\n' | sort | tr 'a-z' 'A-Z' | head -n 2 | tr '\n' ' ')"
x=outer; (x=inner; echo "subshell: $x"); echo "after: $x"
f() { echo "func $1 $#"; return 3; }; f one two; echo "status $?"
echo "arith $((7 * 6 - 2)) $(( (1 << 10) % 1000 ))"
cat <<END
heredoc line 1 $x
	tab kept
END
cat <<'END'
quoted $x stays
END
echo to-file > /tmp/r1; echo append >> /tmp/r1; cat /tmp/r1
ls /nonexistent 2>/dev/null || echo "stderr redirected, status $?"
{ echo grouped; echo lines; } | wc -l
exec 3>/tmp/r3; echo via-fd3 >&3; exec 3>&-; cat /tmp/r3
i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo "while $i"
for w in a b c; do printf '%s-' $w; done; echo
case "hello.txt" in *.txt) echo case-txt;; *) echo case-other;; esac
trap 'echo trapped USR1' USR1; kill -USR1 $$; echo after-trap
( trap 'echo exit-trap' EXIT; echo in-sub )
set -- p q r; shift; echo "args $# $1 $*"
false && echo no || echo "or-branch"
v=${UNSET:-default}; echo "expand $v ${#v} ${v%ult} ${v#de}"
echo "$(echo nested $(echo deeper))"
read a b <<EOF2
first second third
EOF2
echo "read [$a] [$b]"
