/* SPDX-License-Identifier: MIT */
/* "This happened" events that one task waits for and another signals. */
#ifndef UMKA_COMPLETION_H
#define UMKA_COMPLETION_H

#include <umka/wait.h>

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

void init_completion(struct completion *c);
void complete(struct completion *c);		/* wake one waiter */
void complete_all(struct completion *c);	/* wake all, stay done */
void wait_for_completion(struct completion *c);
/* Returns false if @ns passed first. */
bool wait_for_completion_timeout(struct completion *c, u64 ns);
bool completion_done(struct completion *c);

#endif
