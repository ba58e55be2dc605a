// SPDX-License-Identifier: MIT
/*
 * Fast user mutexes (futex(2)).  Waiters hash on a key: (mm, address)
 * for FUTEX_PRIVATE_FLAG, the physical address otherwise so that shared
 * mappings meet.  The value check and the enqueue happen under the
 * bucket lock, so a wake between them cannot be lost.
 *
 * Errors: EAGAIN (value changed), EINVAL (bad op, alignment, bitset 0),
 * EFAULT (unmapped address), ETIMEDOUT, EINTR, ENOSYS (PI ops).
 */
#include <umka/syscall.h>
#include <umka/futex.h>
#include <umka/sched.h>
#include <umka/spinlock.h>
#include <umka/list.h>
#include <umka/time.h>
#include <umka/vm.h>
#include <umka/errno.h>
#include <umka/sigtypes.h>
#include <umka/irqflags.h>
#include <umka/proc.h>
#include <umka/uaccess.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define NR_BUCKETS 256

struct futex_key {
	unsigned long a, b;
};

struct futex_waiter {
	struct list_head list;
	struct futex_key key;
	struct task *task;
	u32 bitset;
	bool woken;
};

struct bucket {
	struct spinlock lock;
	struct list_head waiters;
};

static struct bucket buckets[NR_BUCKETS];
static bool futex_ready;

static void futex_init(void)
{
	for (int i = 0; i < NR_BUCKETS; i++) {
		spin_lock_init(&buckets[i].lock, "futex", LOCK_LEVEL_FUTEX);
		list_init(&buckets[i].waiters);
	}
	futex_ready = true;
}

static struct bucket *bucket_of(const struct futex_key *k)
{
	unsigned long h = (k->a ^ (k->b * 0x9e3779b97f4a7c15UL)) >> 7;

	return &buckets[(h ^ (h >> 17)) % NR_BUCKETS];
}

static int make_key(u32 __user *uaddr, bool private, struct futex_key *k)
{
	u32 v;

	if ((unsigned long)uaddr & 3)
		return -EINVAL;
	/* Reading also faults the page in, so the key below exists. */
	if (copy_from_user(&v, uaddr, sizeof(v)))
		return -EFAULT;
	/*
	 * As on Linux, only futexes in MAP_SHARED memory are keyed by the
	 * page: in private memory a "shared" futex is the private one (so
	 * the two kinds of call meet), and a parent's futex never meets its
	 * child's on a page they still share copy-on-write.
	 */
	k->a = 0;
	k->b = private ? 0 : mm_shared_phys(current->mm, (unsigned long)uaddr);
	if (!k->b) {
		k->a = (unsigned long)current->mm;
		k->b = (unsigned long)uaddr;
	}
	return 0;
}

static bool same_key(const struct futex_key *x, const struct futex_key *y)
{
	return x->a == y->a && x->b == y->b;
}

static long futex_wait(u32 __user *uaddr, bool priv, u32 val, u64 deadline,
		       u32 bitset)
{
	struct futex_waiter w = { .task = current, .bitset = bitset };
	struct bucket *b;
	unsigned long flags;
	long ret = 0;
	u32 cur;

	if (!bitset)
		return -EINVAL;
	ret = make_key(uaddr, priv, &w.key);
	if (ret)
		return ret;
	b = bucket_of(&w.key);
	flags = spin_lock_irqsave(&b->lock);
	if (get_user(cur, uaddr)) {
		spin_unlock_irqrestore(&b->lock, flags);
		return -EFAULT;
	}
	if (cur != val) {
		spin_unlock_irqrestore(&b->lock, flags);
		return -EAGAIN;
	}
	list_add_tail(&w.list, &b->waiters);
	set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock_irqrestore(&b->lock, flags);
	for (;;) {
		u64 now = ktime_get_ns();

		if (READ_ONCE(w.woken))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (deadline && now >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		if (deadline)
			schedule_timeout(deadline - now);
		else
			schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&b->lock);
	if (!w.woken)
		list_del(&w.list);
	else
		ret = 0;
	spin_unlock_irqrestore(&b->lock, flags);
	return ret;
}

/* Wake up to @n waiters on @k matching @bitset; bucket lock held. */
static int wake_locked(struct bucket *b, const struct futex_key *k, int n,
		       u32 bitset)
{
	struct futex_waiter *w, *tmp;
	int done = 0;

	list_for_each_entry_safe(w, tmp, &b->waiters, list) {
		if (done >= n)
			break;
		if (!same_key(&w->key, k) || !(w->bitset & bitset))
			continue;
		list_del(&w->list);
		WRITE_ONCE(w->woken, true);
		wake_up_process(w->task);
		done++;
	}
	return done;
}

static long futex_wake(u32 __user *uaddr, bool priv, int n, u32 bitset)
{
	struct futex_key k;
	struct bucket *b;
	unsigned long flags;
	long ret;

	if (!bitset)
		return -EINVAL;
	ret = make_key(uaddr, priv, &k);
	if (ret)
		return ret;
	b = bucket_of(&k);
	flags = spin_lock_irqsave(&b->lock);
	ret = wake_locked(b, &k, n, bitset);
	spin_unlock_irqrestore(&b->lock, flags);
	return ret;
}

static void lock_two(struct bucket *x, struct bucket *y, unsigned long *f)
{
	*f = local_irq_save();
	if (x == y) {
		spin_lock(&x->lock);
	} else if (x < y) {
		spin_lock(&x->lock);
		spin_lock_nested(&y->lock, 1);
	} else {
		spin_lock(&y->lock);
		spin_lock_nested(&x->lock, 1);
	}
}

static void unlock_two(struct bucket *x, struct bucket *y, unsigned long f)
{
	if (x != y)
		spin_unlock(&y->lock);
	spin_unlock(&x->lock);
	local_irq_restore(f);
}

static long futex_requeue(u32 __user *u1, u32 __user *u2, bool priv,
			  int nwake, int nmove, const u32 *cmp)
{
	struct futex_key k1, k2;
	struct futex_waiter *w, *tmp;
	struct bucket *b1, *b2;
	unsigned long f;
	long ret;
	u32 cur;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	if ((ret = make_key(u1, priv, &k1)) || (ret = make_key(u2, priv, &k2)))
		return ret;
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	lock_two(b1, b2, &f);
	if (cmp && (get_user(cur, u1) || cur != *cmp)) {
		unlock_two(b1, b2, f);
		return -EAGAIN;
	}
	ret = wake_locked(b1, &k1, nwake, FUTEX_BITSET_MATCH_ANY);
	list_for_each_entry_safe(w, tmp, &b1->waiters, list) {
		if (!nmove)
			break;
		if (!same_key(&w->key, &k1))
			continue;
		list_move_tail(&w->list, &b2->waiters);
		w->key = k2;
		nmove--;
		ret++;
	}
	unlock_two(b1, b2, f);
	return ret;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2); wake uaddr; maybe wake uaddr2. */
static long futex_wake_op(u32 __user *u1, u32 __user *u2, bool priv,
			  int n1, int n2, u32 op)
{
	u32 kind = (op >> 28) & 7, cmp = (op >> 24) & 15;
	u32 oparg = (op >> 12) & 0xfff, cmparg = op & 0xfff, old, new;
	long ret, ret2 = 0;
	bool cond;

	if (op >> 31)
		oparg = 1u << (oparg & 31);
	if (kind > 4)
		return -ENOSYS;
	if (get_user(old, u2))
		return -EFAULT;
	/* Atomic against other threads' own atomic updates of the word. */
	for (;;) {
		u32 cur;

		new = kind == 0 ? oparg : kind == 1 ? old + oparg :
		      kind == 2 ? old | oparg : kind == 3 ? old & ~oparg :
		      old ^ oparg;
		if (user_cmpxchg_u32(u2, old, new, &cur))
			return -EFAULT;
		if (cur == old)
			break;
		old = cur;
	}
	switch (cmp) {
	case 0: cond = old == cmparg; break;
	case 1: cond = old != cmparg; break;
	case 2: cond = (s32)old < (s32)cmparg; break;
	case 3: cond = (s32)old <= (s32)cmparg; break;
	case 4: cond = (s32)old > (s32)cmparg; break;
	case 5: cond = (s32)old >= (s32)cmparg; break;
	default: return -ENOSYS;
	}
	ret = futex_wake(u1, priv, n1, FUTEX_BITSET_MATCH_ANY);
	if (ret >= 0 && cond)
		ret2 = futex_wake(u2, priv, n2, FUTEX_BITSET_MATCH_ANY);
	return ret < 0 ? ret : ret + (ret2 > 0 ? ret2 : 0);
}

static long timeout_of(int cmd, bool realtime, const void __user *ts, u64 *dl)
{
	s64 t[2];

	*dl = 0;
	if (!ts)
		return 0;
	if (copy_from_user(t, ts, sizeof(t)))
		return -EFAULT;
	if (t[0] < 0 || t[1] < 0 || t[1] >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*dl = (u64)t[0] * NSEC_PER_SEC + t[1];
	if (cmd == FUTEX_WAIT)
		*dl += ktime_get_ns();	/* relative */
	else if (realtime)	/* absolute realtime -> monotonic */
		*dl = *dl > ktime_get_real_ns() ?
			      ktime_get_ns() + (*dl - ktime_get_real_ns()) : 1;
	if (!*dl)
		*dl = 1;
	return 0;
}

long do_futex(u32 __user *uaddr, int op, u32 val, const void __user *utime,
	      u32 __user *uaddr2, u32 val3)
{
	bool priv = op & FUTEX_PRIVATE_FLAG;
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	u64 deadline;
	long err;

	if (!futex_ready)
		futex_init();
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		err = timeout_of(cmd, op & FUTEX_CLOCK_REALTIME, utime, &deadline);
		if (err)
			return err;
		return futex_wait(uaddr, priv, val, deadline,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, priv, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, priv, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, priv, (int)val,
				     (int)(unsigned long)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, priv, (int)val,
				     (int)(unsigned long)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, priv, (int)val,
				     (int)(unsigned long)utime, val3);
	default:
		return -ENOSYS;	/* PI futexes are not implemented */
	}
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const void __user *, utime, u32 __user *, uaddr2, u32, val3)
{
	return do_futex(uaddr, op, val, utime, uaddr2, val3);
}

SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != 24)
		return -EINVAL;
	current->robust_list = (unsigned long)head;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, unsigned long __user *, head,
		size_t __user *, len)
{
	unsigned long h, flags;
	struct task *t;
	long err = 0;

	flags = spin_lock_irqsave(&tasklist_lock);
	t = pid ? find_task_by_pid(pid) : current;
	if (!t)
		err = -ESRCH;
	else if (t != current && current->cred.euid != 0 &&
		 current->cred.euid != t->cred.uid)
		err = -EPERM;	/* as ptrace's read access would be */
	else
		h = t->robust_list;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (err)
		return err;
	if (put_user((size_t)24, len) || put_user(h, head))
		return -EFAULT;
	return 0;
}

/*
 * Robust futexes: at exit, every lock still held on the thread's list
 * (a futex word holding its TID) is marked FUTEX_OWNER_DIED and one
 * waiter is woken, so a robust mutex's next locker gets EOWNERDEAD.
 * The list lives in user memory: every read may fail, and a corrupt or
 * circular list stops after ROBUST_LIST_LIMIT entries.
 */
#define FUTEX_WAITERS 0x80000000U
#define FUTEX_OWNER_DIED 0x40000000U
#define FUTEX_TID_MASK 0x3fffffffU
#define ROBUST_LIST_LIMIT 2048

struct robust_list_head_user {
	unsigned long next;	/* the list; points back to itself at the end */
	long futex_offset;	/* from an entry to its futex word */
	unsigned long pending;	/* an entry being locked or unlocked */
};

static void robust_release(unsigned long entry, long offset, u32 tid)
{
	u32 __user *uaddr = (u32 __user *)((entry & ~1UL) + offset);
	u32 v, nv, cur;

	if (get_user(v, uaddr))
		return;
	for (;;) {
		if ((v & FUTEX_TID_MASK) != tid)
			return;
		nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (user_cmpxchg_u32(uaddr, v, nv, &cur))
			return;
		if (cur == v)
			break;
		v = cur;
	}
	if (nv & FUTEX_WAITERS)
		futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
}

void futex_exit_robust(struct task *t)
{
	struct robust_list_head_user h;
	unsigned long head = t->robust_list, entry, next;
	int n = 0;

	if (!head || copy_from_user(&h, (void __user *)head, sizeof(h)))
		return;
	for (entry = h.next; entry != head && n < ROBUST_LIST_LIMIT; n++) {
		if (get_user(next, (unsigned long __user *)(entry & ~1UL)))
			break;
		if (entry != h.pending)
			robust_release(entry, h.futex_offset, (u32)t->pid);
		entry = next;
	}
	if (h.pending)
		robust_release(h.pending, h.futex_offset, (u32)t->pid);
	t->robust_list = 0;
}

void futex_wake_tid(u32 __user *uaddr)
{
	do_futex(uaddr, FUTEX_WAKE, 1, NULL, NULL, 0);
}
