# Processes and signals: background jobs, wait, kill, exit codes,
# sleep, timeout, nohup-free, subshell pids, signals to children.
sleep 0.2 & p=$!; wait $p; echo "wait status $?"
sh -c 'exit 7'; echo "exit $?"
sh -c 'kill -TERM $$' 2>/dev/null; echo "killed $?"
sleep 10 & p=$!; kill $p; wait $p 2>/dev/null; echo "term $?"
( sleep 0.1; echo child-done ) & wait
timeout 1 sleep 5 2>/dev/null; echo "timeout $?"
trap 'echo got-INT' INT; kill -INT $$; trap - INT
echo "$$" | grep -qE '^[0-9]+$' && echo pid-ok
for i in 1 2 3; do ( exit $i ) ; echo -n "$? "; done; echo
yes | head -n 3 | tr '\n' ' '; echo
seq 1 200 | sort -rn | head -1
true | false; echo "pipe-status $?"
env -i A=1 sh -c 'echo env $A ${HOME:-none}'
nice -n 5 echo niced 2>/dev/null || echo niced
usleep 1000 && echo usleep-ok
