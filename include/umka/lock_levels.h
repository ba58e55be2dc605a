/* SPDX-License-Identifier: MIT */
/*
 * Every lock in the kernel has a level.  A CPU may only take a lock whose
 * level is strictly above every lock it already holds; the debug build
 * checks this on each acquisition (kernel/locking/lockdep.c).  Outer
 * locks get low numbers, inner locks high ones.  Add new locks here, in
 * order, so the whole hierarchy reads in one place.
 */
#ifndef UMKA_LOCK_LEVELS_H
#define UMKA_LOCK_LEVELS_H

enum lock_level {
	LOCK_LEVEL_TEST_OUTER = 10,	/* self-tests only */
	LOCK_LEVEL_TEST_INNER = 11,
	/* Mutexes are outer locks: their levels must be below 100. */
	LOCK_LEVEL_EXEC = 20,		/* serialises exec within a process */
	LOCK_LEVEL_MUTEX_TEST_A = 50,	/* self-tests only */
	LOCK_LEVEL_MUTEX_TEST_B = 51,
	/*
	 * The VFS, outermost first: a file's position, the namespace
	 * (dentry tree and mounts), then one inode's data or one pipe.  The
	 * chrdev registry is only taken alone.  A descriptor table nests
	 * nothing but allocations, and procfs reads one inside a path walk
	 * (/proc/<pid>/fd/N), so it ranks after the namespace.  All sit
	 * below LOCK_LEVEL_MM: read/write copy to user memory (and may
	 * fault) while holding them, as on Linux (i_rwsem before mmap_lock).
	 */
	/* umkafs refreshing its copy of the KABI driver names (below). */
	LOCK_LEVEL_UMKAFS_SYNC = 22,
	/*
	 * The KABI driver list: held while a driver loads and while its
	 * probe() runs, which may register devices (VFS nodes, below).
	 */
	LOCK_LEVEL_KABI_DRIVERS = 25,
	LOCK_LEVEL_HWRNG = 28,		/* entropy sources; drivers' read() inside */
	LOCK_LEVEL_FILE_POS = 32,
	LOCK_LEVEL_VFS_NS = 34,
	LOCK_LEVEL_INODE = 36,
	LOCK_LEVEL_PIPE = 38,
	/*
	 * AF_UNIX (net/unix/): every socket's state and queues.  Taken
	 * after any VFS lookup is done; it copies to user memory and
	 * installs descriptors (LOCK_LEVEL_FILES) inside.
	 */
	LOCK_LEVEL_UNIX = 39,
	LOCK_LEVEL_CHRDEV = 40,
	/*
	 * epoll: the global nesting lock (epoll files inside epoll files),
	 * then one epoll instance's interest list.  Neither is held while a
	 * registered file is polled or released.
	 */
	LOCK_LEVEL_EPOLL_NEST = 41,
	LOCK_LEVEL_EPOLL = 42,
	LOCK_LEVEL_FILES = 45,
	/*
	 * The block layer (block/internal.h): the list of disks, then one
	 * disk's partition table; the write lock of a disk (taken under a
	 * file's position), then the lock that serialises calls into its
	 * driver.  A file system may do I/O holding any VFS lock.
	 */
	LOCK_LEVEL_BLK_DISKS = 46,
	LOCK_LEVEL_BLK_PARTS = 47,
	LOCK_LEVEL_BLK_WRITE = 48,
	LOCK_LEVEL_BLK_DISPATCH = 49,
	LOCK_LEVEL_MM = 60,		/* mm->lock: VMAs and page tables */
	LOCK_LEVEL_TTY_TX = 95,		/* tty output mutex, taken alone */
	LOCK_LEVEL_MUTEX_INTERNAL = 100,	/* mutex wait list */
	/*
	 * Packet sockets' queues, then the net device list: taken in the
	 * receive interrupt; they allocate and wake readers inside.
	 */
	LOCK_LEVEL_PACKET = 102,
	LOCK_LEVEL_NETDEV = 104,
	LOCK_LEVEL_FLOCK = 106,		/* every flock() lock; wakes inside */
	/*
	 * inotify (fs/notify/): every watch list and the names of dentries
	 * in watched directories, then one instance's event queue.  Events
	 * are generated inside VFS operations (under vfs_ns_lock, i_mutex,
	 * a file position, or mm->lock through a last fput), so these rank
	 * above all of them; they allocate and wake readers inside.
	 */
	LOCK_LEVEL_FSNOTIFY = 107,
	LOCK_LEVEL_INOTIFY_QUEUE = 108,
	/* A vfork child's pointer to its parent's completion; wakes inside. */
	LOCK_LEVEL_VFORK = 109,
	LOCK_LEVEL_WAITQUEUE = 110,
	LOCK_LEVEL_FS_STRUCT = 120,	/* a process's root and cwd */
	LOCK_LEVEL_RANDOM = 130,	/* the CSPRNG state */
	LOCK_LEVEL_UTS = 135,		/* hostname and domain name, alone */
	/* umkafs's copy of the loaded drivers' names, read in path walks. */
	LOCK_LEVEL_UMKAFS = 137,
	LOCK_LEVEL_DEVICES = 140,	/* the device registry's list, alone */
	LOCK_LEVEL_KABI_CAPS = 142,	/* one driver instance's handle table */
	LOCK_LEVEL_KABI_WORK = 145,	/* the KABI delayed-work queue */
	LOCK_LEVEL_STACK_CACHE = 190,	/* freed kernel stacks, nests nothing */
	LOCK_LEVEL_VMALLOC = 200,
	LOCK_LEVEL_KERNEL_PT = 205,
	LOCK_LEVEL_SLAB = 210,
	LOCK_LEVEL_PAGE_ALLOC = 220,
	LOCK_LEVEL_TASKLIST = 250,
	/*
	 * A thread group's pending signals (siglock): senders hold
	 * tasklist_lock (kill, exit_group); it wakes tasks (run queues)
	 * and takes queue entries inside.
	 */
	LOCK_LEVEL_SIGLOCK = 255,
	LOCK_LEVEL_SIGQUEUE = 257,	/* free RT entries, per-uid counts */
	/* A process's signalfd wait queue: senders wake it, only tasks wait. */
	LOCK_LEVEL_SIGNALFD_WAIT = 258,
	LOCK_LEVEL_SIGHAND = 260,
	LOCK_LEVEL_FUTEX = 280,		/* futex hash buckets */
	LOCK_LEVEL_BLK_TEST = 290,	/* the ramdisk test double; arms timers */
	/* A timerfd's state: taken in its timer function, arms timers. */
	LOCK_LEVEL_TIMERFD = 295,
	/* One POSIX timer (under siglock when reached through its list). */
	LOCK_LEVEL_PTIMER = 296,
	LOCK_LEVEL_RUNQUEUE = 300,
	LOCK_LEVEL_TIMER = 310,
	LOCK_LEVEL_IPI = 320,
	LOCK_LEVEL_RCU = 330,
	LOCK_LEVEL_IRQ_CHIP = 400,
	/*
	 * PCI: read-modify-write of a function's COMMAND or MSI-X control
	 * word, then the 0xcf8/0xcfc port pair inside it.
	 */
	LOCK_LEVEL_PCI = 470,
	LOCK_LEVEL_PCI_CONF1 = 480,
	/* A disk's request queue: complete() may come from any context and
	 * under driver-side locks, so it ranks high and nests nothing. */
	LOCK_LEVEL_BLK_QUEUE = 485,
	LOCK_LEVEL_TTY = 490,		/* tty state; nothing nests inside */
	LOCK_LEVEL_SERIAL = 500,
	LOCK_LEVEL_PRINTK = 900,	/* innermost: printk works anywhere */
};

#endif
