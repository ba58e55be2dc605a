// SPDX-License-Identifier: MIT
/* /bin/nop: the static program the exec benchmarks start; it exits at
 * once with status 0. */
#include <unistd.h>

int main(void)
{
	_exit(0);
}
