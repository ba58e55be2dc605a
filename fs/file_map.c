// SPDX-License-Identifier: MIT
/*
 * What the memory manager needs from mapped files (<umka/file_map.h>,
 * <umka/vm.h>): reading a range into a kernel page, and a reference for
 * each VMA that maps the file.
 */
#include <umka/file_map.h>
#include <umka/file.h>
#include <umka/string.h>
#include <umka/vm.h>

int file_map_read(struct file *f, void *buf, size_t len, u64 off)
{
	size_t done = 0;

	while (done < len) {
		loff_t pos = off + done;
		ssize_t n = kernel_read(f, (char *)buf + done, len - done, &pos);

		if (n < 0)
			return n;
		if (!n)
			break;		/* end of file */
		done += n;
	}
	memset((char *)buf + done, 0, len - done);
	return 0;
}

void file_get_for_vma(struct file *f)
{
	get_file(f);
}

void file_put_for_vma(struct file *f)
{
	fput(f);
}
