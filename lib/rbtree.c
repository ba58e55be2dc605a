// SPDX-License-Identifier: MIT
/*
 * Red-black tree balancing.  The invariants kept: the root is black, a
 * red node has no red child, and every path from a node down to a missing
 * child crosses the same number of black nodes.  Together they bound the
 * height by 2 * log2(n + 1).  Missing children (NULL) count as black.
 */
#include <umka/rbtree.h>

static bool is_red(const struct rb_node *n)
{
	return n && n->rb_color == RB_RED;
}

static bool is_black(const struct rb_node *n)
{
	return !is_red(n);
}

/* Make @new take @old's place under @parent (or as the root). */
static void change_child(struct rb_root *root, struct rb_node *parent,
			 struct rb_node *old, struct rb_node *new)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotations keep the in-order sequence and move @x down one level on the
 * named side, its child on the other side taking its place.
 */
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->rb_right;

	x->rb_right = y->rb_left;
	if (y->rb_left)
		y->rb_left->rb_parent = x;
	y->rb_parent = x->rb_parent;
	change_child(root, x->rb_parent, x, y);
	y->rb_left = x;
	x->rb_parent = y;
}

static void rotate_right(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->rb_left;

	x->rb_left = y->rb_right;
	if (y->rb_right)
		y->rb_right->rb_parent = x;
	y->rb_parent = x->rb_parent;
	change_child(root, x->rb_parent, x, y);
	y->rb_right = x;
	x->rb_parent = y;
}

/*
 * @node is red and may have a red parent.  While it does, either recolour
 * (red uncle: push the problem two levels up) or rotate once or twice
 * (black uncle: done).
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while (is_red(parent = node->rb_parent)) {
		/* A red parent is never the root, so gparent exists. */
		gparent = parent->rb_parent;
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (is_red(uncle)) {
				parent->rb_color = RB_BLACK;
				uncle->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				/* Straighten the zig-zag first. */
				rotate_left(root, parent);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_right(root, gparent);
		} else {
			uncle = gparent->rb_left;
			if (is_red(uncle)) {
				parent->rb_color = RB_BLACK;
				uncle->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(root, parent);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_left(root, gparent);
		}
		break;
	}
	root->rb_node->rb_color = RB_BLACK;
}

/*
 * A black node was removed from below @parent, on the side where @node
 * (possibly NULL) now is: that side is one black short.  Borrow from the
 * sibling's subtree by rotation, or recolour the sibling red and move the
 * shortage up a level.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *node,
			struct rb_node *parent)
{
	struct rb_node *sib;

	while (node != root->rb_node && is_black(node)) {
		/*
		 * The short side had black height >= 1 before, so the
		 * sibling exists; a NULL @node is thus never mistaken for
		 * its sibling below.
		 */
		if (node == parent->rb_left) {
			sib = parent->rb_right;
			if (is_red(sib)) {
				sib->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_left(root, parent);
				sib = parent->rb_right;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				sib->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (is_black(sib->rb_right)) {
				sib->rb_left->rb_color = RB_BLACK;
				sib->rb_color = RB_RED;
				rotate_right(root, sib);
				sib = parent->rb_right;
			}
			sib->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			sib->rb_right->rb_color = RB_BLACK;
			rotate_left(root, parent);
		} else {
			sib = parent->rb_left;
			if (is_red(sib)) {
				sib->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_right(root, parent);
				sib = parent->rb_left;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				sib->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (is_black(sib->rb_left)) {
				sib->rb_right->rb_color = RB_BLACK;
				sib->rb_color = RB_RED;
				rotate_left(root, sib);
				sib = parent->rb_left;
			}
			sib->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			sib->rb_left->rb_color = RB_BLACK;
			rotate_right(root, parent);
		}
		/* The rotation supplied the missing black: balanced. */
		node = root->rb_node;
		break;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	int removed_color;

	if (!node->rb_left || !node->rb_right) {
		/* At most one child: it moves up into the node's place. */
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = node->rb_parent;
		removed_color = node->rb_color;
		change_child(root, parent, node, child);
		if (child)
			child->rb_parent = parent;
	} else {
		/*
		 * Two children: the in-order successor (leftmost of the right
		 * subtree, so it has no left child) leaves its own place and
		 * takes over the node's place and colour.  The balance is
		 * then disturbed where the successor was.
		 */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		removed_color = succ->rb_color;
		child = succ->rb_right;
		if (succ->rb_parent == node) {
			parent = succ;
		} else {
			parent = succ->rb_parent;
			parent->rb_left = child;
			if (child)
				child->rb_parent = parent;
			succ->rb_right = node->rb_right;
			node->rb_right->rb_parent = succ;
		}
		change_child(root, node->rb_parent, node, succ);
		succ->rb_parent = node->rb_parent;
		succ->rb_left = node->rb_left;
		node->rb_left->rb_parent = succ;
		succ->rb_color = node->rb_color;
	}
	if (removed_color == RB_BLACK)
		erase_fixup(root, child, parent);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	change_child(root, victim->rb_parent, victim, new);
	if (victim->rb_left)
		victim->rb_left->rb_parent = new;
	if (victim->rb_right)
		victim->rb_right->rb_parent = new;
	*new = *victim;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (n)
		while (n->rb_left)
			n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (n)
		while (n->rb_right)
			n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Climb while we are a right child; the first left turn is next. */
	while ((parent = node->rb_parent) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = node->rb_parent) && node == parent->rb_left)
		node = parent;
	return parent;
}
