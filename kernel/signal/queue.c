// SPDX-License-Identifier: MIT
/*
 * Pending-signal sets, the entries of queued real-time signals and
 * their RLIMIT_SIGPENDING accounting (per real uid, root included, as
 * on Linux), and the life of a thread group's signal state.
 *
 * Entries come from a free pool.  Senders hold siglock and often
 * tasklist_lock, which rank above the slab allocator, so the system
 * calls that send real-time signals top the pool up before they take
 * any lock.  Used entries go back to the pool, which so never holds more
 * than the most entries queued at once (bounded by the limits).  A
 * sender that finds it empty acts as Linux does when its atomic
 * allocation fails.
 */
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/proc.h>
#include <umka/slab.h>
#include <umka/wait.h>
#include <umka/errno.h>
#include <umka/string.h>

#define SIGMASK(s) (1ULL << ((s) - 1))
#define MAX_USERS 64		/* uids with signals queued at once */

static DEFINE_SPINLOCK(sigq_lock, LOCK_LEVEL_SIGQUEUE);
static struct list_head sigq_free = { &sigq_free, &sigq_free };
static unsigned int sigq_nfree;
static struct {
	uid_t uid;
	unsigned int count;	/* 0: slot free */
} sigq_users[MAX_USERS];

void sigqueue_reserve(unsigned int n)
{
	struct sigqueue *q;
	unsigned long flags;

	while (READ_ONCE(sigq_nfree) < n) {
		q = kzalloc(sizeof(*q));
		if (!q)
			return;
		flags = spin_lock_irqsave(&sigq_lock);
		list_add(&q->node, &sigq_free);
		sigq_nfree++;
		spin_unlock_irqrestore(&sigq_lock, flags);
	}
}

/* One more entry for @uid unless it has @limit already; sigq_lock held. */
static bool charge(uid_t uid, u64 limit)
{
	int slot = -1;

	for (int i = 0; i < MAX_USERS; i++) {
		if (sigq_users[i].count && sigq_users[i].uid == uid) {
			slot = i;
			break;
		}
		if (!sigq_users[i].count && slot < 0)
			slot = i;
	}
	if (slot < 0 || sigq_users[slot].count >= limit)
		return false;
	sigq_users[slot].uid = uid;
	sigq_users[slot].count++;
	return true;
}

static void uncharge(uid_t uid)
{
	for (int i = 0; i < MAX_USERS; i++)
		if (sigq_users[i].count && sigq_users[i].uid == uid) {
			sigq_users[i].count--;
			return;
		}
}

static struct sigqueue *sigqueue_get(uid_t uid, u64 limit)
{
	unsigned long flags = spin_lock_irqsave(&sigq_lock);
	struct sigqueue *q = NULL;

	if (!list_empty(&sigq_free) && charge(uid, limit)) {
		q = list_first_entry(&sigq_free, struct sigqueue, node);
		list_del(&q->node);
		sigq_nfree--;
		q->owner = uid;
	}
	spin_unlock_irqrestore(&sigq_lock, flags);
	return q;
}

static void sigqueue_put(struct sigqueue *q)
{
	unsigned long flags = spin_lock_irqsave(&sigq_lock);

	uncharge(q->owner);
	list_add(&q->node, &sigq_free);
	sigq_nfree++;
	spin_unlock_irqrestore(&sigq_lock, flags);
}

void sigpending_init(struct sigpending *p)
{
	p->set = 0;
	list_init(&p->queue);
}

int sigpending_add(struct sigpending *p, int sig, const struct ksiginfo *info,
		   uid_t uid, u64 limit)
{
	struct sigqueue *q;

	if (sig <= SIG_NSTD) {
		/* Standard signals coalesce: the first send's info stays. */
		if (!(p->set & SIGMASK(sig)))
			p->std[sig - 1] = *info;
		p->set |= SIGMASK(sig);
		return 0;
	}
	q = sigqueue_get(uid, limit);
	if (q) {
		q->sig = sig;
		q->info = *info;
		list_add_tail(&q->node, &p->queue);
	} else if (info->code < 0) {
		/* sigqueue, tkill: the sender must learn the queue is full. */
		return -EAGAIN;
	}
	/* kill() and the kernel: pending all the same, maybe without info. */
	p->set |= SIGMASK(sig);
	return 0;
}

void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	if (sig <= SIG_NSTD) {
		*info = p->std[sig - 1];
		p->set &= ~SIGMASK(sig);
		return;
	}
	list_for_each_entry(q, &p->queue, node) {
		if (q->sig != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		p->set &= ~SIGMASK(sig);
	if (!first) {
		/* Sent while no entry could be had: kill()'s info. */
		*info = (struct ksiginfo){ SI_USER, 0, 0, 0 };
		return;
	}
	*info = first->info;
	list_del(&first->node);
	sigqueue_put(first);
}

void sigpending_flush(struct sigpending *p, u64 mask)
{
	struct sigqueue *q, *n;

	if (!(p->set & mask))
		return;
	list_for_each_entry_safe(q, n, &p->queue, node) {
		if (SIGMASK(q->sig) & mask) {
			list_del(&q->node);
			sigqueue_put(q);
		}
	}
	p->set &= ~mask;
}

int signal_task_init(struct task *t, struct task *creator, bool thread)
{
	struct signal_group *g;

	/* Computed now: the RT limit is read later under siglock. */
	rlimit_prepare_defaults();
	sigpending_init(&t->pending);
	list_init(&t->thread_node);
	if (thread) {
		g = creator->sig;
		__atomic_fetch_add(&g->refs, 1, __ATOMIC_RELAXED);
	} else {
		g = kzalloc(sizeof(*g));
		if (g)
			g->signalfd_wq = kmalloc(sizeof(*g->signalfd_wq));
		if (!g || !g->signalfd_wq) {
			kfree(g);
			return -ENOMEM;
		}
		init_waitqueue_head(g->signalfd_wq);
		/* A new process inherits its OOM adjustment (Linux, fork). */
		if (creator && creator->sig)
			g->oom_score_adj = creator->sig->oom_score_adj;
		/* Woken by senders that may hold tasklist_lock or siglock. */
		spin_lock_init(&g->signalfd_wq->lock, "signalfd_wait",
			       LOCK_LEVEL_SIGNALFD_WAIT);
		g->refs = 1;
		spin_lock_init(&g->lock, "siglock", LOCK_LEVEL_SIGLOCK);
		sigpending_init(&g->shared);
		list_init(&g->threads);
		list_init(&g->ptimers);
	}
	t->sig = g;
	return 0;
}

void signal_task_start(struct task *t)
{
	struct signal_group *g = t->sig;
	unsigned long flags = spin_lock_irqsave(&g->lock);
	struct ksiginfo info = { SI_KERNEL, 0, 0, 0 };

	list_add_tail(&t->thread_node, &g->threads);
	/*
	 * Created while the process dies or execs: that kill missed it, so
	 * it dies before it runs user code (or the exec would wait on it).
	 */
	if (g->group_exit || g->exec_task) {
		sigpending_add(&t->pending, SIGKILL, &info, 0, 0);
		WRITE_ONCE(t->sigpending, true);
	}
	spin_unlock_irqrestore(&g->lock, flags);
}

void signal_task_free(struct task *t)
{
	struct signal_group *g = t->sig;
	unsigned long flags;

	if (!g)
		return;
	/* A send may have raced with the exit: nothing may stay charged. */
	flags = spin_lock_irqsave(&g->lock);
	sigpending_flush(&t->pending, ~0ULL);
	spin_unlock_irqrestore(&g->lock, flags);
	t->sig = NULL;
	if (__atomic_sub_fetch(&g->refs, 1, __ATOMIC_ACQ_REL))
		return;
	sigpending_flush(&g->shared, ~0ULL);
	kfree(g->signalfd_wq);
	kfree(g);
}
