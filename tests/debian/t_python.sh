# Debian's python3 (dynamically linked, with its standard library).
set -u
/usr/bin/python3 -I "$T/py_main.py" 2>&1 || echo "python failed"
