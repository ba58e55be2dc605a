// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the red-black tree (lib/rbtree.c).  After every
 * insertion and erasure the whole tree is checked: parent links, the
 * red-black rules, the height bound, and that both in-order walks give
 * exactly the keys a plain array model holds.
 */
#include "htest.h"

#include <umka/rbtree.h>

struct item {
	struct rb_node node;
	u32 key;
	bool in_tree;
};

#define NKEYS 2048

static struct item items[NKEYS];
static struct rb_root root;
static unsigned int count;

static u32 key_of(const struct rb_node *n)
{
	return rb_entry(n, struct item, node)->key;
}

/* Duplicates go right, so equal keys keep their insertion order. */
static void insert(struct item *it)
{
	struct rb_node **link = &root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (it->key < key_of(parent))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&it->node, parent, link);
	rb_insert_color(&it->node, &root);
	it->in_tree = true;
	count++;
}

static void erase(struct item *it)
{
	rb_erase(&it->node, &root);
	RB_CLEAR_NODE(&it->node);
	it->in_tree = false;
	count--;
}

static struct item *find(u32 key)
{
	struct rb_node *n = root.rb_node;

	while (n) {
		if (key < key_of(n))
			n = n->rb_left;
		else if (key > key_of(n))
			n = n->rb_right;
		else
			return rb_entry(n, struct item, node);
	}
	return NULL;
}

static void reset(void)
{
	root = RB_ROOT;
	count = 0;
	memset(items, 0, sizeof(items));
}

static const char *why;

/*
 * Black height of the subtree at @n (NULL counts as one black leaf), or -1
 * with @why set if a rule is broken.  Also counts nodes and the height.
 */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent,
			 unsigned int *nodes, unsigned int depth,
			 unsigned int *height)
{
	int l, r;

	if (!n) {
		if (depth > *height)
			*height = depth;
		return 1;
	}
	if (n->rb_parent != parent) {
		why = "wrong parent link";
		return -1;
	}
	if (n->rb_color != RB_RED && n->rb_color != RB_BLACK) {
		why = "colour neither red nor black";
		return -1;
	}
	if (n->rb_color == RB_RED &&
	    ((n->rb_left && n->rb_left->rb_color == RB_RED) ||
	     (n->rb_right && n->rb_right->rb_color == RB_RED))) {
		why = "red node with a red child";
		return -1;
	}
	if ((n->rb_left && key_of(n->rb_left) > key_of(n)) ||
	    (n->rb_right && key_of(n->rb_right) < key_of(n))) {
		why = "children out of order";
		return -1;
	}
	(*nodes)++;
	l = check_subtree(n->rb_left, n, nodes, depth + 1, height);
	r = check_subtree(n->rb_right, n, nodes, depth + 1, height);
	if (l < 0 || r < 0)
		return -1;
	if (l != r) {
		why = "unequal black heights";
		return -1;
	}
	return l + (n->rb_color == RB_BLACK);
}

static unsigned int log2_ceil(unsigned int n)
{
	unsigned int b = 0;

	while ((1u << b) < n)
		b++;
	return b;
}

/* The tree must hold exactly the items marked in_tree, in key order. */
static bool tree_valid(void)
{
	unsigned int nodes = 0, height = 0, seen = 0;
	const struct rb_node *n, *prev = NULL;

	why = NULL;
	if (root.rb_node && (root.rb_node->rb_color != RB_BLACK ||
			     root.rb_node->rb_parent != NULL))
		why = "root not black or has a parent";
	else if (check_subtree(root.rb_node, NULL, &nodes, 0, &height) < 0)
		;
	else if (nodes != count)
		why = "node count differs from the model";
	else if (height > 2 * log2_ceil(count + 1))
		why = "taller than 2 log2(n + 1)";
	if (why)
		return false;

	/* Forward walk: sorted, and visits each live item once. */
	for (n = rb_first(&root); n; prev = n, n = rb_next(n)) {
		const struct item *it = rb_entry(n, struct item, node);

		if (prev && key_of(prev) > it->key) {
			why = "rb_next out of order";
			return false;
		}
		if (!it->in_tree) {
			why = "erased item still reachable";
			return false;
		}
		seen++;
	}
	if (seen != count || prev != rb_last(&root)) {
		why = "forward walk missed nodes";
		return false;
	}
	/* Backward walk mirrors it. */
	seen = 0;
	for (n = rb_last(&root); n; prev = n, n = rb_prev(n))
		seen++;
	if (seen != count || (count && prev != rb_first(&root))) {
		why = "backward walk differs";
		return false;
	}
	return true;
}

#define CHECK_TREE()                                                        \
	do {                                                                \
		if (!tree_valid() && !htest_failed_now) {                   \
			printf("FAIL host/%s/", htest_file);                \
			htest_failed_now = 1;                               \
			htest_why("%s:%d: %s (count %u)", __FILE__,         \
				  __LINE__, why, count);                    \
		}                                                           \
	} while (0)

HTEST(empty_tree)
{
	reset();
	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(rb_first(&root) == NULL);
	CHECK(rb_last(&root) == NULL);
	CHECK_TREE();
}

HTEST(single_node)
{
	reset();
	items[0].key = 5;
	insert(&items[0]);
	CHECK(!RB_EMPTY_ROOT(&root));
	CHECK(rb_first(&root) == &items[0].node);
	CHECK(rb_last(&root) == &items[0].node);
	CHECK(rb_next(&items[0].node) == NULL);
	CHECK(rb_prev(&items[0].node) == NULL);
	CHECK(rb_parent(&items[0].node) == NULL);
	CHECK_TREE();
	erase(&items[0]);
	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(RB_EMPTY_NODE(&items[0].node));
	CHECK_TREE();
}

HTEST(entry_helpers)
{
	struct rb_node *none = NULL;

	reset();
	items[3].key = 9;
	insert(&items[3]);
	CHECK(rb_entry(rb_first(&root), struct item, node) == &items[3]);
	CHECK(rb_entry_safe(rb_first(&root), struct item, node) == &items[3]);
	CHECK(rb_entry_safe(none, struct item, node) == NULL);
}

/* Sorted input is the worst case for an unbalanced tree. */
HTEST(ascending_and_descending_inserts)
{
	reset();
	for (u32 i = 0; i < NKEYS; i++) {
		items[i].key = i;
		insert(&items[i]);
		CHECK_TREE();
	}
	for (u32 i = 0; i < NKEYS; i++)
		erase(&items[i]);
	CHECK(RB_EMPTY_ROOT(&root));
	CHECK_TREE();

	reset();
	for (u32 i = 0; i < NKEYS; i++) {
		items[i].key = NKEYS - i;
		insert(&items[i]);
	}
	CHECK_TREE();
	for (u32 i = NKEYS; i-- > 0;) {
		erase(&items[i]);
		if (i % 64 == 0)
			CHECK_TREE();
	}
	CHECK(RB_EMPTY_ROOT(&root));
}

HTEST(erase_root_repeatedly)
{
	reset();
	for (u32 i = 0; i < 500; i++) {
		items[i].key = (i * 7919) % 500;
		insert(&items[i]);
	}
	CHECK_TREE();
	while (!RB_EMPTY_ROOT(&root) && !htest_failed_now) {
		erase(rb_entry(root.rb_node, struct item, node));
		CHECK_TREE();
	}
	CHECK_EQ(count, 0);
}

HTEST(duplicate_keys)
{
	const struct rb_node *n;
	u32 i = 0;

	reset();
	for (i = 0; i < 300; i++) {
		items[i].key = i % 3;
		insert(&items[i]);
	}
	CHECK_TREE();
	/* Equal keys come out in insertion order: duplicates went right. */
	i = 0;
	for (n = rb_first(&root); n; n = rb_next(n), i++) {
		const struct item *it = rb_entry(n, struct item, node);

		CHECK_EQ(it->key, i / 100);
		CHECK_EQ(it - items, (i % 100) * 3 + i / 100);
	}
	for (i = 0; i < 300; i += 2)
		erase(&items[i]);
	CHECK_TREE();
}

HTEST(replace_node)
{
	static struct item spare;

	reset();
	for (u32 i = 0; i < 100; i++) {
		items[i].key = i * 2;
		insert(&items[i]);
	}
	/* Same key, different object: the tree shape does not change. */
	spare.key = items[37].key;
	rb_replace_node(&items[37].node, &spare.node, &root);
	items[37].in_tree = false;
	spare.in_tree = true;
	CHECK(find(74) == &spare);
	CHECK_TREE();
	/* The root itself. */
	{
		struct item *r = rb_entry(root.rb_node, struct item, node);
		struct item *to = &items[200];

		to->key = r->key;
		rb_replace_node(&r->node, &to->node, &root);
		r->in_tree = false;
		to->in_tree = true;
		CHECK(root.rb_node == &to->node);
		CHECK_TREE();
	}
}

/* xorshift64: deterministic, so failures reproduce. */
static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Random inserts and erases of distinct keys (item i has key i), with the
 * tree size drifting between empty and about half the key space; the
 * whole tree is validated after every step.
 */
HTEST(random_insert_erase)
{
	const u32 steps = 40000;

	reset();
	rng_state = 0x7262747265650001ULL;
	for (u32 i = 0; i < NKEYS; i++)
		items[i].key = i;
	for (u32 step = 0; step < steps && !htest_failed_now; step++) {
		/* Grow for the first third, then shrink and grow in waves. */
		unsigned int grow = step < steps / 3 ? 70 :
				    (step / 4000) % 2 ? 30 : 65;
		struct item *it = &items[rng() % 1024];

		if (rng() % 100 < grow) {
			if (it->in_tree)
				continue;
			insert(it);
			CHECK(find(it->key) == it);
		} else {
			if (!it->in_tree)
				continue;
			erase(it);
			CHECK(find(it->key) == NULL);
		}
		CHECK_TREE();
	}
	/* Drain in random order too. */
	while (count && !htest_failed_now) {
		struct item *it = &items[rng() % 1024];

		if (!it->in_tree)
			continue;
		erase(it);
		CHECK_TREE();
	}
	CHECK(RB_EMPTY_ROOT(&root));
}

/* Neighbours found by walking agree with the model at random points. */
HTEST(next_prev_match_model)
{
	reset();
	rng_state = 0x6e65787470726576ULL;
	for (u32 i = 0; i < NKEYS; i++) {
		items[i].key = i;
		if (rng() % 3 == 0)
			insert(&items[i]);
	}
	CHECK_TREE();
	for (u32 i = 0; i < NKEYS; i++) {
		struct rb_node *nx, *pv;
		int want_next = -1, want_prev = -1;

		if (!items[i].in_tree)
			continue;
		for (u32 j = i + 1; j < NKEYS && want_next < 0; j++)
			if (items[j].in_tree)
				want_next = (int)j;
		for (u32 j = i; j-- > 0 && want_prev < 0;)
			if (items[j].in_tree)
				want_prev = (int)j;
		nx = rb_next(&items[i].node);
		pv = rb_prev(&items[i].node);
		CHECK(want_next < 0 ? !nx : nx == &items[want_next].node);
		CHECK(want_prev < 0 ? !pv : pv == &items[want_prev].node);
	}
}

HTEST_MAIN("rbtree")
