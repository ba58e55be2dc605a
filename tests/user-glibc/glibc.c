/*
 * A glibc static program (gcc -static): its start-up makes calls musl's
 * does not (arch_prctl, set_robust_list, rseq, prlimit64, getrandom for
 * malloc, clone3 for threads, newfstatat...), and its wrappers take
 * other paths.  The checks use glibc's stdio, malloc, threads, dirent,
 * time, signals, fork and posix_spawn.  Run on Linux it exits 0 too.
 */
#include "../user/check.h"
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

static __thread int tls = 11;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int turn;
static long total;

static void *worker(void *arg)
{
	long id = (long)arg;

	tls = (int)id;
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		total++;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	turn++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return (void *)(long)(tls == id && gettid() != getpid());
}

static void test_startup(void)
{
	struct utsname u;
	struct rlimit rl;

	/* The auxiliary vector glibc reads at start. */
	CHECK(getauxval(AT_PAGESZ) == 4096);
	CHECK(getauxval(AT_RANDOM) != 0);
	CHECK(getauxval(AT_PHDR) != 0 && getauxval(AT_PHNUM) > 0);
	CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid());
	CHECK(getauxval(AT_SECURE) == 0);
	CHECK(getauxval(AT_HWCAP) != 0);
	CHECK(sysconf(_SC_PAGESIZE) == 4096);
	CHECK(sysconf(_SC_CLK_TCK) == 100);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	CHECK(uname(&u) == 0 && strcmp(u.machine, "x86_64") == 0);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > 0);
	CHECK(tls == 11);		/* the TLS block of the main thread */
	/* rseq may be missing (ENOSYS): glibc copes either way. */
	CHECK(sched_getcpu() >= 0);
}

static void test_malloc_stdio(void)
{
	char path[] = "/tmp/glibc.XXXXXX", line[64];
	char *small = malloc(100), *big = malloc(4 << 20);
	FILE *f;
	int fd;

	CHECK(small && big);
	memset(big, 0x5a, 4 << 20);	/* an mmap'd chunk */
	CHECK(big[(4 << 20) - 1] == 0x5a);
	free(big);
	small = realloc(small, 100000);
	CHECK(small != NULL);
	free(small);
	void *al = NULL;
	CHECK(posix_memalign(&al, 4096, 8192) == 0 && ((uintptr_t)al & 4095) == 0);
	free(al);
	CHECK((fd = mkstemp(path)) >= 0);
	CHECK((f = fdopen(fd, "w+")) != NULL);
	CHECK(fprintf(f, "pi=%.3f n=%d %s\n", 3.14159, -42, "ok") > 0);
	CHECK(fflush(f) == 0 && fseek(f, 0, SEEK_SET) == 0);
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "pi=3.142 n=-42 ok\n") == 0);
	CHECK(fclose(f) == 0);
	struct stat st;
	CHECK(stat(path, &st) == 0 && st.st_size == 18 && S_ISREG(st.st_mode));
	CHECK(lstat(path, &st) == 0 && fstatat(AT_FDCWD, path, &st, 0) == 0);
	CHECK((f = fopen(path, "r")) != NULL && fscanf(f, "pi=%s", line) == 1);
	CHECK(fclose(f) == 0 && unlink(path) == 0);
	CHECK(fopen(path, "r") == NULL && errno == ENOENT);
	CHECK(strtod("2.5e3", NULL) == 2500.0);
}

static void test_threads(void)
{
	pthread_t th[4];
	void *ret;

	for (long i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, worker, (void *)(i + 1)) == 0);
	pthread_mutex_lock(&lock);
	while (turn < 4)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < 4; i++)
		CHECK(pthread_join(th[i], &ret) == 0 && ret == (void *)1);
	CHECK(total == 4000 && tls == 11);
	/* A detached thread and a thread with its own stack size. */
	pthread_attr_t a;
	CHECK(pthread_attr_init(&a) == 0 &&
	      pthread_attr_setstacksize(&a, 1 << 20) == 0);
	CHECK(pthread_create(&th[0], &a, worker, (void *)9L) == 0);
	CHECK(pthread_join(th[0], &ret) == 0 && ret == (void *)1);
	CHECK(pthread_attr_destroy(&a) == 0);
}

static sigjmp_buf env;
static volatile int got;

static void on_usr1(int sig)
{
	got = sig;
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

static void test_processes(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(tls == 11 ? 21 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 21);
	/* posix_spawn of a program that is not there: the error comes back. */
	char *argv[] = { "none", NULL };
	CHECK(posix_spawn(&pid, "/no/such/program", NULL, NULL, argv, NULL) ==
	      ENOENT);
	signal(SIGUSR1, on_usr1);
	CHECK(raise(SIGUSR1) == 0 && got == SIGUSR1);
	signal(SIGSEGV, on_segv);
	static volatile uintptr_t bad = 16;	/* hidden from the compiler */
	int faulted = 0;
	if (sigsetjmp(env, 1) == 0)
		*(volatile int *)bad = 1;
	else
		faulted = 1;
	CHECK(faulted);
	signal(SIGSEGV, SIG_DFL);
}

static void test_misc(void)
{
	struct timespec a, b;
	unsigned char rnd[32];
	DIR *d;
	struct dirent *e;
	int dots = 0;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	CHECK(nanosleep(&(struct timespec){ 0, 5000000 }, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec >= 5000000);
	CHECK(time(NULL) > 1700000000);
	CHECK(getrandom(rnd, sizeof(rnd), 0) == sizeof(rnd));
	CHECK((d = opendir("/")) != NULL);
	while ((e = readdir(d)))
		dots += !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	CHECK(dots == 2 && closedir(d) == 0);
	CHECK(opendir("/no/such/dir") == NULL && errno == ENOENT);
	void *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && munmap(m, 8192) == 0);
	CHECK(syscall(SYS_getpid) == getpid());
	CHECK(access("/", R_OK | X_OK) == 0);
	char cwd[256];
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
}

int main(void)
{
	test_startup();
	test_malloc_stdio();
	test_threads();
	test_processes();
	test_misc();
	return 0;
}
