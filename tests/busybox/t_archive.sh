# Archives and checksums: tar, gzip, gunzip, zcat, cpio, md5sum,
# sha1sum, sha256sum, base64, od, hexdump.
cd /tmp && rm -rf arch && mkdir -p arch/src/sub && cd arch
printf 'alpha\n' > src/a; printf 'beta\n' > src/sub/b; seq 1 1000 > src/big
md5sum src/a | cut -d' ' -f1; sha1sum src/a | cut -d' ' -f1
sha256sum src/sub/b | cut -d" " -f1
tar -cf t.tar src; tar -tf t.tar | sort
mkdir x && tar -xf t.tar -C x && cmp src/big x/src/big && echo tar-roundtrip
gzip -c src/big > big.gz; gunzip -c big.gz | md5sum | cut -d' ' -f1
zcat big.gz | tail -1; gzip -t big.gz && echo gzip-ok
tar -czf t.tgz src && tar -tzf t.tgz | wc -l
cd src && find . | sort | cpio -o -H newc 2>/dev/null > ../c.cpio; cd ..
mkdir y && cd y && cpio -id < ../c.cpio 2>/dev/null && cat sub/b && cd ..
printf 'Hello, UmkaOS' | base64; printf 'SGk=' | base64 -d; echo
printf 'AB\n' | od -c | head -1; printf '\001\377' | hexdump -C | head -1
printf 'xyz' | md5sum | cut -c1-8
