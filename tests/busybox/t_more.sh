# More applets: tee, strings, sha512sum, sha3sum, xxd, unexpand, factor,
# dc, whoami, id, getopt, mkfifo, which, dos2unix, unix2dos, crc32, bzip2,
# bunzip2, lzop, uuencode, uudecode.
cd /tmp && rm -rf more && mkdir more && cd more
echo teed | tee t1 t2 > /dev/null; cat t1 t2
printf 'abc\000defgh\001xy\000longer-string\n' > bin; strings bin
printf 'x' | sha512sum | cut -c1-16; printf 'x' | sha3sum | cut -c1-16
printf 'Umka' | xxd; printf 'Umka' | xxd -p
printf '        eight\n' | unexpand | od -c | head -1
factor 360 97 1001; echo '2 10 ^ p' | dc
whoami; id -u; id -g
getopt -o ab: -- -a -b val rest
mkfifo fifo; ( echo through-fifo > fifo & ); cat fifo; rm fifo
which sh | sed 's|.*/||'
printf 'dos\n' | unix2dos | od -c | head -1; printf 'unix\r\n' | dos2unix | od -c | head -1
printf 'crc me' > c; crc32 c
seq 1 500 > s; bzip2 -c s > s.bz2; bunzip2 -c s.bz2 | tail -1
lzop -c s > s.lzo && lzop -dc s.lzo | wc -l
uuencode -m s s | uudecode -o s.out && cmp s s.out && echo uu-ok
