# Debian's gcc on UmkaOS: the driver runs cc1, as and collect2/ld, with
# temporary files in /tmp; the program it builds then runs.
set -u
cat > prog.c <<'END'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void *square(void *arg)
{
	long n = (long)arg;

	return (void *)(n * n);
}

int main(int argc, char **argv)
{
	pthread_t t;
	void *r;

	qsort(argv + 1, argc - 1, sizeof(*argv), cmp);
	for (int i = 1; i < argc; i++)
		printf("%d:%s\n", i, argv[i]);
	pthread_create(&t, NULL, square, (void *)12L);
	pthread_join(t, &r);
	printf("%.3f %ld %ld\n", 3.14159 * 2, (long)sizeof(long), (long)r);
	return argc - 1;
}
END
gcc -O2 -Wall -pthread -o prog prog.c && ./prog pear apple fig; echo "exit $?"
gcc -c -o part.o prog.c && ls part.o
