/* SPDX-License-Identifier: MIT */
/*
 * A tiny host unit-test harness.  Each test file defines test cases with
 * HTEST(name) and ends with HTEST_MAIN().  Every case prints one line,
 * "PASS host/<file>/<case>" or "FAIL host/<file>/<case>: <why>", which the
 * top-level test runner counts.
 */
#ifndef HTEST_H
#define HTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct htest_case {
	const char *name;
	void (*fn)(void);
};

extern struct htest_case htest_cases[];
extern int htest_ncases;
extern int htest_failed_now;
extern const char *htest_file;

#define HTEST_MAX 256

#define HTEST(tname)                                                       \
	static void htest_##tname(void);                                   \
	__attribute__((constructor)) static void htest_reg_##tname(void)   \
	{                                                                  \
		htest_cases[htest_ncases].name = #tname;                   \
		htest_cases[htest_ncases++].fn = htest_##tname;            \
	}                                                                  \
	static void htest_##tname(void)

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond) && !htest_failed_now) {                        \
			printf("FAIL host/%s/", htest_file);               \
			htest_failed_now = 1;                              \
			htest_why("%s:%d: CHECK(%s)", __FILE__, __LINE__,  \
				  #cond);                                  \
		}                                                          \
	} while (0)

#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		long long _a = (long long)(a), _b = (long long)(b);        \
		if (_a != _b && !htest_failed_now) {                       \
			printf("FAIL host/%s/", htest_file);               \
			htest_failed_now = 1;                              \
			htest_why("%s:%d: %s == %lld, expected %lld",      \
				  __FILE__, __LINE__, #a, _a, _b);         \
		}                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *_a = (a), *_b = (b);                           \
		if (strcmp(_a, _b) != 0 && !htest_failed_now) {           \
			printf("FAIL host/%s/", htest_file);               \
			htest_failed_now = 1;                              \
			htest_why("%s:%d: %s == \"%s\", expected \"%s\"",  \
				  __FILE__, __LINE__, #a, _a, _b);         \
		}                                                          \
	} while (0)

/* The case name is printed by the runner; this finishes the FAIL line. */
#define htest_why(...)                                                     \
	do {                                                               \
		printf("%s: ", htest_current);                             \
		printf(__VA_ARGS__);                                       \
		printf("\n");                                              \
	} while (0)

extern const char *htest_current;

#define HTEST_MAIN(file)                                                   \
	struct htest_case htest_cases[HTEST_MAX];                          \
	int htest_ncases;                                                  \
	int htest_failed_now;                                              \
	const char *htest_file = file;                                     \
	const char *htest_current;                                         \
	int main(void)                                                     \
	{                                                                  \
		int failed = 0;                                            \
		for (int i = 0; i < htest_ncases; i++) {                   \
			htest_failed_now = 0;                              \
			htest_current = htest_cases[i].name;               \
			htest_cases[i].fn();                               \
			if (!htest_failed_now)                             \
				printf("PASS host/%s/%s\n", htest_file,    \
				       htest_cases[i].name);               \
			failed += htest_failed_now;                        \
			fflush(stdout);                                    \
		}                                                          \
		return failed ? 1 : 0;                                     \
	}

#endif
