/* SPDX-License-Identifier: MIT */
/*
 * Intrusive red-black trees, with the shape of Linux's API so that code
 * written against it reads familiarly.  The tree knows nothing about keys:
 * the caller walks down from the root comparing its own keys, links the
 * new node where the walk ended with rb_link_node(), then lets
 * rb_insert_color() restore the balance:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *
 *	while (*link) {
 *		parent = *link;
 *		if (key < rb_entry(parent, struct vma, node)->start)
 *			link = &parent->rb_left;
 *		else
 *			link = &parent->rb_right;
 *	}
 *	rb_link_node(&new->node, parent, link);
 *	rb_insert_color(&new->node, root);
 *
 * Lookup is the same walk without the link.  Insertion and erasure are
 * O(log n); rb_next()/rb_prev() are amortised O(1).  No locking: the
 * owner of the tree serialises writers.  Portable: also built into the
 * host unit tests.
 *
 * The parent pointer and the colour are separate fields rather than packed
 * into one word: a few bytes per node buys simpler code and nodes that
 * read plainly in a debugger.
 */
#ifndef UMKA_RBTREE_H
#define UMKA_RBTREE_H

#include <umka/types.h>
#include <umka/compiler.h>

#define RB_RED 0
#define RB_BLACK 1

struct rb_node {
	struct rb_node *rb_parent;
	struct rb_node *rb_left;
	struct rb_node *rb_right;
	int rb_color;
};

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)

#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member)                                    \
	({                                                                  \
		struct rb_node *__rbp = (ptr);                              \
		__rbp ? rb_entry(__rbp, type, member) : NULL;               \
	})

/*
 * A node that is in no tree points to itself.  Nothing sets this for the
 * caller: RB_CLEAR_NODE after rb_erase() if the node's membership is
 * tested later with RB_EMPTY_NODE.
 */
#define RB_CLEAR_NODE(node) ((node)->rb_parent = (node))
#define RB_EMPTY_NODE(node) ((node)->rb_parent == (node))

static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return node->rb_parent;
}

/* Hang @node, red and childless, at *@link under @parent (NULL: root). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_left = NULL;
	node->rb_right = NULL;
	node->rb_color = RB_RED;
	*link = node;
}

/* Rebalance after rb_link_node(). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Unlink @node from @root; its fields are left stale. */
void rb_erase(struct rb_node *node, struct rb_root *root);
/*
 * Put @new where @victim is, without rebalancing: only correct if @new
 * sorts exactly where @victim did.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

/* In-order walks; NULL at either end or on an empty tree. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif
