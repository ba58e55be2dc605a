// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the intrusive lists (include/umka/list.h): each
 * operation by hand, then random operations checked against an array
 * model, walking both directions after every step.
 */
#include "htest.h"

#include <umka/list.h>

struct item {
	int id;
	struct list_head link;
};

#define N 64

static struct item items[N];

/* Both directions agree with @want[0..n), and every back link holds. */
static bool list_is(const struct list_head *h, const int *want, int n)
{
	const struct list_head *p;
	int i = 0;

	for (p = h->next; p != h; p = p->next, i++) {
		if (i >= n || p->next->prev != p)
			return false;
		if (list_entry(p, struct item, link)->id != want[i])
			return false;
	}
	if (i != n)
		return false;
	for (p = h->prev; p != h; p = p->prev)
		if (list_entry(p, struct item, link)->id != want[--i])
			return false;
	return i == 0 && list_empty(h) == (n == 0);
}

#define LIST_IS(h, ...)                                                     \
	({                                                                  \
		static const int want_[] = { __VA_ARGS__ };                 \
		list_is(h, want_, (int)(sizeof(want_) / sizeof(int)));      \
	})

static void setup(void)
{
	for (int i = 0; i < N; i++) {
		items[i].id = i;
		list_init(&items[i].link);
	}
}

HTEST(init_and_empty)
{
	LIST_HEAD(h);
	struct list_head h2;

	CHECK(list_empty(&h));
	CHECK(h.next == &h && h.prev == &h);
	list_init(&h2);
	CHECK(list_empty(&h2));
	CHECK(list_is(&h2, NULL, 0));
}

HTEST(add_is_stack_order)
{
	LIST_HEAD(h);

	setup();
	list_add(&items[1].link, &h);
	list_add(&items[2].link, &h);
	list_add(&items[3].link, &h);
	CHECK(LIST_IS(&h, 3, 2, 1));
	CHECK(list_first_entry(&h, struct item, link) == &items[3]);
}

HTEST(add_tail_is_queue_order)
{
	LIST_HEAD(h);

	setup();
	list_add_tail(&items[1].link, &h);
	list_add_tail(&items[2].link, &h);
	list_add_tail(&items[3].link, &h);
	CHECK(LIST_IS(&h, 1, 2, 3));
	/* Adding after an element, not the head, inserts in the middle. */
	list_add(&items[9].link, &items[1].link);
	list_add_tail(&items[8].link, &items[3].link);
	CHECK(LIST_IS(&h, 1, 9, 2, 8, 3));
}

HTEST(del_first_middle_last)
{
	LIST_HEAD(h);

	setup();
	for (int i = 0; i < 5; i++)
		list_add_tail(&items[i].link, &h);
	list_del(&items[2].link);
	CHECK(LIST_IS(&h, 0, 1, 3, 4));
	/* A deleted entry points at itself, so it reads as empty. */
	CHECK(list_empty(&items[2].link));
	list_del(&items[0].link);
	list_del(&items[4].link);
	CHECK(LIST_IS(&h, 1, 3));
	list_del(&items[1].link);
	list_del(&items[3].link);
	CHECK(list_empty(&h));
	/* Deleting twice is harmless because of the self-links. */
	list_del(&items[3].link);
	CHECK(list_empty(&h));
	CHECK(list_empty(&items[3].link));
}

HTEST(move_tail)
{
	LIST_HEAD(a);
	LIST_HEAD(b);

	setup();
	for (int i = 0; i < 4; i++)
		list_add_tail(&items[i].link, &a);
	list_move_tail(&items[0].link, &a);	/* rotate within a list */
	CHECK(LIST_IS(&a, 1, 2, 3, 0));
	list_move_tail(&items[2].link, &b);	/* move between lists */
	list_move_tail(&items[1].link, &b);
	CHECK(LIST_IS(&a, 3, 0));
	CHECK(LIST_IS(&b, 2, 1));
	list_move_tail(&items[3].link, &a);	/* already last: no change */
	CHECK(LIST_IS(&a, 0, 3));
}

HTEST(iterators)
{
	LIST_HEAD(h);
	struct list_head *pos, *tmp;
	struct item *it, *nx;
	int sum = 0, n = 0;

	setup();
	/* An empty list runs no body. */
	list_for_each(pos, &h)
		n++;
	list_for_each_entry(it, &h, link)
		n++;
	CHECK_EQ(n, 0);

	for (int i = 0; i < 10; i++)
		list_add_tail(&items[i].link, &h);
	n = 0;
	list_for_each(pos, &h)
		CHECK_EQ(list_entry(pos, struct item, link)->id, n++);
	CHECK_EQ(n, 10);
	n = 0;
	list_for_each_entry(it, &h, link)
		CHECK_EQ(it->id, n++);
	CHECK_EQ(n, 10);

	/* The _safe forms allow deleting the current entry. */
	list_for_each_safe(pos, tmp, &h)
		if (list_entry(pos, struct item, link)->id % 2)
			list_del(pos);
	CHECK(LIST_IS(&h, 0, 2, 4, 6, 8));
	list_for_each_entry_safe(it, nx, &h, link) {
		sum += it->id;
		list_del(&it->link);
	}
	CHECK_EQ(sum, 20);
	CHECK(list_empty(&h));
}

static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

HTEST(random_ops_match_model)
{
	LIST_HEAD(h);
	int model[N], n = 0;
	bool on[N] = { false };

	setup();
	rng_state = 0x6c69737473ULL;
	for (int step = 0; step < 20000 && !htest_failed_now; step++) {
		int id = (int)(rng() % N), op = (int)(rng() % 4), at;

		if (!on[id] && op < 2) {
			if (op == 0) {
				list_add(&items[id].link, &h);
				memmove(model + 1, model, n * sizeof(int));
				model[0] = id;
			} else {
				list_add_tail(&items[id].link, &h);
				model[n] = id;
			}
			n++;
			on[id] = true;
		} else if (on[id]) {
			for (at = 0; model[at] != id; at++)
				;
			memmove(model + at, model + at + 1,
				(n - at - 1) * sizeof(int));
			if (op == 3) {
				list_move_tail(&items[id].link, &h);
				model[n - 1] = id;
			} else {
				list_del(&items[id].link);
				on[id] = false;
				n--;
			}
		}
		CHECK(list_is(&h, model, n));
	}
}

HTEST_MAIN("list")
