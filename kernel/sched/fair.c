// SPDX-License-Identifier: MIT
/*
 * The fair class: EEVDF, "earliest eligible virtual deadline first"
 * (Stoica and Abdel-Wahab, 1995), the policy Linux uses since 6.6.
 *
 * Each task's virtual runtime v advances by its real run time scaled by
 * 1024 / weight, the weight coming from its nice level.  The queue's
 * zero-lag point V is the weight-averaged v of its tasks (the running one
 * included).  A task is eligible when v <= V: it has received no more
 * than its share.  Each task asks for a slice of real time; its virtual
 * deadline is v + slice * 1024 / weight at the start of the request.  The
 * pick is the eligible task with the earliest deadline; when the running
 * task reaches its deadline it makes a new request and the tick
 * reschedules.
 *
 * A task leaving the queue (sleep, migration, change of class) keeps its
 * lag V - v, clamped to about two slices; when it comes back it is placed
 * at V' - lag, so sleeping neither earns unbounded credit nor loses what
 * it was owed.  The lag is scaled by (W + w) / W first, since adding the
 * task itself moves V towards it.  New tasks start at V with half a
 * slice, so they run soon without being able to starve the others.
 *
 * The tree is ordered by deadline; the pick walks it from the earliest
 * deadline to the first eligible task.  That task is almost always the
 * first or second one; the walk passes only tasks that are ahead of V
 * yet have earlier deadlines, which needs short slices relative to their
 * lead (heavy weights), so the cost stays O(log n) in practice and O(n)
 * in the worst case.  An augmented tree (minimum deadline per subtree)
 * would bound it; the plain tree keeps the hot path short.
 *
 * Sums over the queue use keys v - zero rather than v, so that
 * weight * key fits in 64 bits; zero follows V, moved (and the sum
 * adjusted) whenever a slice ends, so keys stay within a few slices.
 */
#include <umka/timer.h>
#include "sched.h"

#define NICE_0_WEIGHT 1024
#define IDLE_POLICY_WEIGHT 3

/*
 * Linux's weights for nice -20..19: nice 0 is 1024 and each step is
 * about 1.25 times the next, so one nice level is about 10% of CPU time
 * between two competing tasks.
 */
static const unsigned int nice_weights[40] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */ 9548, 7620, 6100, 4904, 3906,
	/*  -5 */ 3121, 2501, 1991, 1586, 1277,
	/*   0 */ 1024, 820, 655, 526, 423,
	/*   5 */ 335, 272, 215, 172, 137,
	/*  10 */ 110, 87, 70, 56, 45,
	/*  15 */ 36, 29, 23, 18, 15,
};

unsigned int sched_nice_to_weight(int nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	return nice_weights[nice - MIN_NICE];
}

unsigned int sched_policy_weight(int policy, int nice)
{
	return policy == SCHED_IDLE ? IDLE_POLICY_WEIGHT :
				      sched_nice_to_weight(nice);
}

/* Real ns to virtual ns at weight @w. */
static u64 to_virtual(u64 ns, unsigned int w)
{
	if (w == NICE_0_WEIGHT)
		return ns;
	if (ns < (1ULL << 53))
		return ns * NICE_0_WEIGHT / w;
	return ns / w * NICE_0_WEIGHT + ns % w * NICE_0_WEIGHT / w;
}

static s64 key(const struct fair_rq *fr, u64 v)
{
	return (s64)(v - fr->zero);
}

/* The weighted sum of keys and the total weight, the running task in. */
static void totals(const struct fair_rq *fr, s64 *sum, s64 *load)
{
	*sum = fr->sum_wkey;
	*load = (s64)fr->sum_w;
	if (fr->curr) {
		*sum += key(fr, fr->curr->vruntime) * fr->curr->weight;
		*load += fr->curr->weight;
	}
}

static u64 avg_of(const struct fair_rq *fr, s64 sum, s64 load)
{
	if (!load)
		return fr->zero;
	/* Round towards minus infinity, so the average is never above. */
	if (sum < 0)
		sum -= load - 1;
	return fr->zero + (u64)(sum / load);
}

u64 fair_avg_vruntime(const struct fair_rq *fr)
{
	s64 sum, load;

	totals(fr, &sum, &load);
	return avg_of(fr, sum, load);
}

/* v <= V, without the division: key * W <= sum of w * key. */
static bool eligible_in(const struct fair_rq *fr, const struct task *t,
			s64 sum, s64 load)
{
	return key(fr, t->vruntime) * load <= sum;
}

bool fair_eligible(const struct fair_rq *fr, const struct task *t)
{
	s64 sum, load;

	totals(fr, &sum, &load);
	return eligible_in(fr, t, sum, load);
}

/* Move the reference point to V. */
static void rebase(struct fair_rq *fr)
{
	u64 v = fair_avg_vruntime(fr);
	s64 d = (s64)(v - fr->zero);

	fr->sum_wkey -= d * (s64)fr->sum_w;
	fr->zero = v;
}

static bool deadline_before(const struct task *a, const struct task *b)
{
	return (s64)(a->deadline - b->deadline) < 0;
}

static void tree_insert(struct fair_rq *fr, struct task *t)
{
	struct rb_node **link = &fr->tree.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		/* Equal deadlines: after the ones already there. */
		if (deadline_before(t, rb_entry(parent, struct task, run_node)))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&t->run_node, parent, link);
	rb_insert_color(&t->run_node, &fr->tree);
	fr->sum_wkey += key(fr, t->vruntime) * t->weight;
	fr->sum_w += t->weight;
	fr->nr++;
}

static void tree_remove(struct fair_rq *fr, struct task *t)
{
	rb_erase(&t->run_node, &fr->tree);
	RB_CLEAR_NODE(&t->run_node);
	fr->sum_wkey -= key(fr, t->vruntime) * t->weight;
	fr->sum_w -= t->weight;
	fr->nr--;
}

static s64 lag_limit(const struct task *t)
{
	u64 lim = max(2 * t->slice, (u64)TICK_NSEC);

	return (s64)to_virtual(lim, t->weight);
}

/* Remember V - v of @t, which is still counted in the queue's totals. */
static void save_lag(struct fair_rq *fr, struct task *t)
{
	s64 lag = (s64)(fair_avg_vruntime(fr) - t->vruntime);
	s64 lim = lag_limit(t);

	t->vlag = lag > lim ? lim : lag < -lim ? -lim : lag;
}

static void place(struct fair_rq *fr, struct task *t, bool initial)
{
	u64 vslice = to_virtual(t->slice, t->weight), v;
	s64 sum, load, lag = 0;

	totals(fr, &sum, &load);
	v = avg_of(fr, sum, load);
	if (!initial) {
		lag = t->vlag;
		if (load)
			lag = lag * (load + t->weight) / load;
	} else {
		vslice /= 2;
	}
	t->vruntime = v - (u64)lag;
	t->deadline = t->vruntime + vslice;
}

void fair_rq_init(struct fair_rq *fr)
{
	fr->tree = RB_ROOT;
	fr->zero = 0;
	fr->sum_wkey = 0;
	fr->sum_w = 0;
	fr->curr = NULL;
	fr->nr = 0;
}

void fair_enqueue(struct fair_rq *fr, struct task *t, int flags)
{
	if (!t->sched_placed)
		place(fr, t, true);
	else if (flags & (ENQ_WAKEUP | ENQ_MIGRATED))
		place(fr, t, false);
	t->sched_placed = true;
	tree_insert(fr, t);
}

void fair_dequeue(struct fair_rq *fr, struct task *t)
{
	save_lag(fr, t);
	tree_remove(fr, t);
}

void fair_put_curr_off(struct fair_rq *fr, struct task *t)
{
	save_lag(fr, t);
	fr->curr = NULL;
}

void fair_put_curr(struct fair_rq *fr, struct task *t)
{
	fr->curr = NULL;
	tree_insert(fr, t);
}

struct task *fair_pick(struct fair_rq *fr)
{
	struct rb_node *n = rb_first(&fr->tree), *first = n;
	s64 sum, load;

	totals(fr, &sum, &load);
	for (; n; n = rb_next(n)) {
		struct task *t = rb_entry(n, struct task, run_node);

		if (eligible_in(fr, t, sum, load))
			return t;
	}
	/* Some task is always eligible; rounding aside, take the first. */
	return first ? rb_entry(first, struct task, run_node) : NULL;
}

void fair_set_curr(struct fair_rq *fr, struct task *t)
{
	tree_remove(fr, t);
	fr->curr = t;
}

bool fair_charge(struct fair_rq *fr, struct task *t, u64 delta)
{
	bool expired;

	t->vruntime += to_virtual(delta, t->weight);
	expired = (s64)(t->vruntime - t->deadline) >= 0;
	if (expired) {
		t->deadline = t->vruntime + to_virtual(t->slice, t->weight);
		rebase(fr);
	}
	return expired;
}

bool fair_wakeup_preempts(struct fair_rq *fr, struct task *curr,
			  struct task *t)
{
	s64 sum, load;

	if (curr->policy == SCHED_IDLE && t->policy != SCHED_IDLE)
		return true;
	/* Batch and idle tasks wait for the running one's slice to end. */
	if (t->policy != SCHED_NORMAL)
		return false;
	totals(fr, &sum, &load);
	if (!eligible_in(fr, t, sum, load))
		return false;
	return deadline_before(t, curr) || !eligible_in(fr, curr, sum, load);
}

/*
 * A new request of twice the slice from where the task stands: the others
 * with normal requests come first, and repeated yields (a kernel thread
 * polling a flag) cannot push the deadline, and with it the next tick
 * preemption, arbitrarily far away.
 */
void fair_yield(struct fair_rq *fr, struct task *t)
{
	(void)fr;
	t->deadline = t->vruntime + 2 * to_virtual(t->slice, t->weight);
}

/*
 * Keep the task's lag and its remaining request in real-time terms:
 * both scale by old/new weight, which leaves the weighted sum of lags,
 * hence V, where it was.
 */
void fair_reweight(struct fair_rq *fr, struct task *t, unsigned int weight)
{
	unsigned int old = t->weight;
	bool queued = t->on_rq, running = fr->curr == t;
	s64 lag, req;
	u64 v;

	if (weight == old)
		return;
	if (!queued && !running) {
		t->vlag = t->vlag * old / weight;
		t->weight = weight;
		return;
	}
	v = fair_avg_vruntime(fr);
	lag = (s64)(v - t->vruntime);
	req = (s64)(t->deadline - t->vruntime);
	if (queued)
		tree_remove(fr, t);
	t->weight = weight;
	t->vruntime = v - (u64)(lag * old / weight);
	t->deadline = t->vruntime + (u64)(req * old / weight);
	if (queued)
		tree_insert(fr, t);
}

struct task *fair_pick_migratable(struct fair_rq *fr, unsigned int cpu)
{
	struct rb_node *n = rb_last(&fr->tree);

	/* A bounded look: the balancer runs again at the next tick. */
	for (int i = 0; n && i < 16; n = rb_prev(n), i++) {
		struct task *t = rb_entry(n, struct task, run_node);

		if (task_allowed_on(t, cpu))
			return t;
	}
	return NULL;
}
