// SPDX-License-Identifier: MIT
/*
 * Terminal ioctls, tty_ioctl(4) / ioctl_tty(2) semantics.  Arguments
 * arrive as kernel copies (see tty_ioctl_arg): the adapter owns the user
 * copies, so this file never touches user memory and the self-tests can
 * call it directly.
 */
#include <umka/errno.h>
#include <umka/string.h>
#include "tty_internal.h"

int tty_ioctl_arg(unsigned int cmd, size_t *size)
{
	switch (cmd) {
	case TCGETS:
		*size = sizeof(struct termios);
		return TTY_IOC_OUT;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		*size = sizeof(struct termios);
		return TTY_IOC_IN;
	case TIOCGWINSZ:
		*size = sizeof(struct winsize);
		return TTY_IOC_OUT;
	case TIOCSWINSZ:
		*size = sizeof(struct winsize);
		return TTY_IOC_IN;
	case TIOCGPGRP:
	case TIOCGSID:
	case FIONREAD:
	case TIOCOUTQ:
	case TIOCGETD:
		*size = sizeof(int);
		return TTY_IOC_OUT;
	case TIOCSPGRP:
	case TIOCSETD:
		*size = sizeof(int);
		return TTY_IOC_IN;
	case TIOCSTI:
		*size = 1;
		return TTY_IOC_IN;
	case TIOCSCTTY:
	case TIOCNOTTY:
	case TCFLSH:
	case TCXONC:
	case TCSBRK:
	case TCSBRKP:
	case TIOCSBRK:
	case TIOCCBRK:
		*size = 0;
		return TTY_IOC_NONE;
	default:
		return -ENOTTY;
	}
}

/* Changing settings from a background job is subject to SIGTTOU. */
static int check_change(struct tty *t, const struct tty_caller *who)
{
	return who ? tty_job_check(t, TTY_SIGTTOU) : 0;
}

/* Output is synchronous, so waiting out the current writer drains it. */
static void wait_until_sent(struct tty *t)
{
	mutex_lock(&t->tx_lock);
	tty_drain_echo(t);
	mutex_unlock(&t->tx_lock);
}

static void flush_output(struct tty *t)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);

	t->echo_len = 0;
	spin_unlock_irqrestore(&t->lock, flags);
}

static void flush_input(struct tty *t)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);

	n_tty_flush_input(&t->ld);
	spin_unlock_irqrestore(&t->lock, flags);
}

static long set_termios(struct tty *t, unsigned int cmd,
			const struct termios *tio, const struct tty_caller *who)
{
	unsigned long flags;
	int ret = check_change(t, who);

	if (ret)
		return ret;
	if (cmd != TCSETS)
		wait_until_sent(t);
	flags = spin_lock_irqsave(&t->lock);
	if (cmd == TCSETSF)
		n_tty_flush_input(&t->ld);
	n_tty_set_termios(&t->ld, tio);
	spin_unlock_irqrestore(&t->lock, flags);
	/* New VMIN, a switch to raw mode or ^Q-free output wake sleepers. */
	tty_wake(t);
	return 0;
}

static long set_winsize(struct tty *t, const struct winsize *ws)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	bool changed = memcmp(&t->winsize, ws, sizeof(*ws)) != 0;
	pid_t pgrp = t->pgrp;

	t->winsize = *ws;
	spin_unlock_irqrestore(&t->lock, flags);
	if (changed)
		tty_signal_pgrp(pgrp, TTY_SIGWINCH);
	return 0;
}

/*
 * TIOCSCTTY: a session leader without a controlling tty takes this one.
 * If another session holds it, only a privileged caller passing 1 may
 * steal it; the process code must then drop the old session's link.
 */
static long set_ctty(struct tty *t, unsigned long steal,
		     const struct tty_caller *who)
{
	unsigned long flags;
	long ret = 0;

	if (!who)
		return -EPERM;
	if (who->ctty_is_this && who->pid == who->sid)
		return 0;
	if (who->pid != who->sid || who->has_ctty)
		return -EPERM;
	flags = spin_lock_irqsave(&t->lock);
	if (t->session && t->session != who->sid &&
	    !(steal == 1 && who->privileged)) {
		ret = -EPERM;
	} else {
		t->session = who->sid;
		t->pgrp = who->pgrp;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return ret;
}

static long set_pgrp(struct tty *t, pid_t pgrp, const struct tty_caller *who)
{
	const struct tty_job_ops *ops = READ_ONCE(tty_job_ops);
	unsigned long flags;
	pid_t sid = tty_get_session(t);
	int ret;

	ret = check_change(t, who);
	if (ret)
		return ret;
	if (who && (!who->ctty_is_this || sid != who->sid))
		return -ENOTTY;
	if (pgrp <= 0)
		return -EINVAL;
	if (who && ops && ops->pgrp_in_session &&
	    !ops->pgrp_in_session(pgrp, sid))
		return -EPERM;
	flags = spin_lock_irqsave(&t->lock);
	t->pgrp = pgrp;
	spin_unlock_irqrestore(&t->lock, flags);
	return 0;
}

static long flow_control(struct tty *t, unsigned long action)
{
	unsigned long flags;
	char c;

	switch (action) {
	case TCOOFF:
	case TCOON:
		flags = spin_lock_irqsave(&t->lock);
		t->ld.stopped = action == TCOOFF;
		spin_unlock_irqrestore(&t->lock, flags);
		tty_wake(t);
		return 0;
	case TCIOFF:
	case TCION:
		flags = spin_lock_irqsave(&t->lock);
		c = (char)t->ld.termios.c_cc[action == TCIOFF ? VSTOP : VSTART];
		spin_unlock_irqrestore(&t->lock, flags);
		if (c) {
			mutex_lock(&t->tx_lock);
			t->drv->write(t, &c, 1);
			mutex_unlock(&t->tx_lock);
		}
		return 0;
	default:
		return -EINVAL;
	}
}

static long flush(struct tty *t, unsigned long which)
{
	switch (which) {
	case TCIFLUSH:
		flush_input(t);
		return 0;
	case TCOFLUSH:
		flush_output(t);
		return 0;
	case TCIOFLUSH:
		flush_input(t);
		flush_output(t);
		return 0;
	default:
		return -EINVAL;
	}
}

long tty_ioctl(struct tty *t, unsigned int cmd, unsigned long arg, void *kbuf,
	       const struct tty_caller *who)
{
	unsigned long flags;
	long ret;
	pid_t id;
	int val;

	switch (cmd) {
	case TCGETS:
		flags = spin_lock_irqsave(&t->lock);
		memcpy(kbuf, &t->ld.termios, sizeof(struct termios));
		spin_unlock_irqrestore(&t->lock, flags);
		return 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(t, cmd, kbuf, who);
	case TIOCGWINSZ:
		flags = spin_lock_irqsave(&t->lock);
		memcpy(kbuf, &t->winsize, sizeof(struct winsize));
		spin_unlock_irqrestore(&t->lock, flags);
		return 0;
	case TIOCSWINSZ:
		return set_winsize(t, kbuf);
	case TIOCGPGRP:
		if (who && !who->ctty_is_this)
			return -ENOTTY;
		id = tty_get_pgrp(t);
		memcpy(kbuf, &id, sizeof(id));
		return 0;
	case TIOCSPGRP:
		memcpy(&id, kbuf, sizeof(id));
		return set_pgrp(t, id, who);
	case TIOCGSID:
		id = tty_get_session(t);
		if ((who && !who->ctty_is_this) || !id)
			return -ENOTTY;
		memcpy(kbuf, &id, sizeof(id));
		return 0;
	case TIOCSCTTY:
		return set_ctty(t, arg, who);
	case TIOCNOTTY:
		if (!who || !who->ctty_is_this)
			return -ENOTTY;
		/* A leader giving up the tty ends the session's hold on it. */
		if (who->pid == who->sid)
			tty_release_session(t, who->sid);
		return 0;
	case FIONREAD:
		flags = spin_lock_irqsave(&t->lock);
		val = (int)n_tty_inq(&t->ld);
		spin_unlock_irqrestore(&t->lock, flags);
		memcpy(kbuf, &val, sizeof(val));
		return 0;
	case TIOCOUTQ:
		flags = spin_lock_irqsave(&t->lock);
		val = (int)t->echo_len;
		spin_unlock_irqrestore(&t->lock, flags);
		memcpy(kbuf, &val, sizeof(val));
		return 0;
	case TCFLSH:
		ret = check_change(t, who);
		return ret ? ret : flush(t, arg);
	case TCXONC:
		ret = check_change(t, who);
		return ret ? ret : flow_control(t, arg);
	case TCSBRK:
	case TCSBRKP:
		ret = check_change(t, who);
		if (ret)
			return ret;
		/* The break itself means nothing to a virtual UART. */
		wait_until_sent(t);
		return 0;
	case TIOCSBRK:
	case TIOCCBRK:
		return 0;
	case TIOCGETD:
		val = N_TTY;
		memcpy(kbuf, &val, sizeof(val));
		return 0;
	case TIOCSETD:
		memcpy(&val, kbuf, sizeof(val));
		return val == N_TTY ? 0 : -EINVAL;
	case TIOCSTI:
		/* Faking input is for the terminal's owner only. */
		if (who && !who->ctty_is_this && !who->privileged)
			return -EPERM;
		tty_receive(t, kbuf, 1);
		return 0;
	default:
		return -ENOTTY;
	}
}
