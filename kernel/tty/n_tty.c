// SPDX-License-Identifier: MIT
/*
 * The N_TTY line discipline: what a terminal does to the bytes between
 * the device and read(2)/write(2).  Behaviour follows termios(3) and
 * Linux where POSIX leaves room (ECHOCTL, ECHOKE, VWERASE, IUTF8 erase).
 *
 * Portable and lock-free by design: the owner (kernel/tty/tty.c, or a
 * host test) serialises every call, and nothing here sleeps, so input can
 * be processed in interrupt context.  Echo goes out through ops->write
 * and signal characters through ops->signal, both called synchronously.
 */
#include <umka/tty.h>
#include <umka/compiler.h>
#include <umka/string.h>

#define MASK(i) ((i) & (N_TTY_BUF_SIZE - 1))

#define I_FLAG(nt, f) ((nt)->termios.c_iflag & (f))
#define O_FLAG(nt, f) ((nt)->termios.c_oflag & (f))
#define L_FLAG(nt, f) ((nt)->termios.c_lflag & (f))

/* VTIME counts tenths of a second. */
#define VTIME_NS 100000000ULL

/* Echo is gathered in a small buffer so the device sees few calls. */
#define ECHO_CHUNK 64
/* The most output one input byte can become: a tab expanded to spaces. */
#define OUT_MAX_PER_CHAR 8

enum erase_kind { ERASE, WERASE, KILL };

struct echo_buf {
	char b[ECHO_CHUNK];
	size_t len;
};

static bool is_cntrl(u8 c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_blank(u8 c)
{
	return c == ' ' || c == '\t';
}

/* A UTF-8 continuation byte, 10xxxxxx. */
static bool is_cont(u8 c)
{
	return (c & 0xc0) == 0x80;
}

/* Linux disables a control character by setting it to 0. */
static bool is_cc(const struct n_tty *nt, u8 c, int idx)
{
	u8 v = nt->termios.c_cc[idx];

	return v != 0 && c == v;
}

static size_t in_count(const struct n_tty *nt)
{
	return nt->read_head - nt->read_tail;
}

/* How printing @c moves the cursor, without any output processing. */
static void advance_column(struct n_tty *nt, u8 c)
{
	if (c == '\r')
		nt->column = 0;
	else if (c == '\t')
		nt->column = (nt->column | 7) + 1;
	else if (c == '\b')
		nt->column -= nt->column ? 1 : 0;
	else if (!is_cntrl(c) && !(I_FLAG(nt, IUTF8) && is_cont(c)))
		nt->column++;
}

/* Output-process one byte into @out (room for OUT_MAX_PER_CHAR). */
static size_t opost_char(struct n_tty *nt, u8 c, char *out)
{
	unsigned int spaces;

	if (!O_FLAG(nt, OPOST)) {
		advance_column(nt, c);
		out[0] = (char)c;
		return 1;
	}
	switch (c) {
	case '\n':
		if (O_FLAG(nt, ONLCR)) {
			out[0] = '\r';
			out[1] = '\n';
			nt->column = 0;
			return 2;
		}
		if (O_FLAG(nt, ONLRET))
			nt->column = 0;
		break;
	case '\r':
		if (O_FLAG(nt, ONOCR) && nt->column == 0)
			return 0;
		if (O_FLAG(nt, OCRNL)) {
			c = '\n';
			if (O_FLAG(nt, ONLRET))
				nt->column = 0;
			break;
		}
		nt->column = 0;
		break;
	case '\t':
		spaces = 8 - (nt->column & 7);
		nt->column += spaces;
		if (O_FLAG(nt, TABDLY) == XTABS) {
			memset(out, ' ', spaces);
			return spaces;
		}
		break;
	default:
		if (O_FLAG(nt, OLCUC) && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		advance_column(nt, c);
		break;
	}
	out[0] = (char)c;
	return 1;
}

size_t n_tty_output(struct n_tty *nt, const char *in, size_t n, char *out,
		    size_t outsz, size_t *consumed)
{
	size_t i = 0, len = 0;

	while (i < n && outsz - len >= OUT_MAX_PER_CHAR)
		len += opost_char(nt, (u8)in[i++], out + len);
	*consumed = i;
	return len;
}

/* ---- echo ---- */

static void echo_flush(struct n_tty *nt, struct echo_buf *e)
{
	if (e->len && nt->ops && nt->ops->write)
		nt->ops->write(nt->ctx, e->b, e->len);
	e->len = 0;
}

static void echo_byte(struct n_tty *nt, struct echo_buf *e, u8 c)
{
	if (sizeof(e->b) - e->len < OUT_MAX_PER_CHAR)
		echo_flush(nt, e);
	e->len += opost_char(nt, c, e->b + e->len);
}

static void echo_str(struct n_tty *nt, struct echo_buf *e, const char *s)
{
	while (*s)
		echo_byte(nt, e, (u8)*s++);
}

/* Echo @c as typed: control characters as ^X under ECHOCTL. */
static void echo_char(struct n_tty *nt, struct echo_buf *e, u8 c)
{
	if (L_FLAG(nt, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		echo_byte(nt, e, '^');
		echo_byte(nt, e, c ^ 0x40);
	} else {
		echo_byte(nt, e, c);
	}
}

/* ---- the input ring ---- */

/*
 * Store one byte.  In canonical mode the last free slot is kept for a
 * line end, so that a user who typed a full buffer can still finish the
 * line instead of being stuck.
 */
static bool put_byte(struct n_tty *nt, u8 c, u8 flags)
{
	size_t room = N_TTY_BUF_SIZE - in_count(nt);

	if (room == 0 ||
	    (room == 1 && L_FLAG(nt, ICANON) && !(flags & N_TTY_F_EOL))) {
		nt->dropped++;
		return false;
	}
	nt->buf[MASK(nt->read_head)] = (char)c;
	nt->flags[MASK(nt->read_head)] = flags;
	nt->read_head++;
	return true;
}

static bool room_for(const struct n_tty *nt, bool eol)
{
	size_t room = N_TTY_BUF_SIZE - in_count(nt);

	return room > (L_FLAG(nt, ICANON) && !eol ? 1u : 0u);
}

void n_tty_flush_input(struct n_tty *nt)
{
	nt->read_tail = nt->read_head;
	nt->canon_head = nt->read_head;
	nt->lnext = false;
	nt->canon_column = nt->column;
}

/* ---- canonical editing ---- */

/* The column at which line position @end would be printed. */
static unsigned int line_column(const struct n_tty *nt, size_t end)
{
	unsigned int col = nt->canon_column;

	for (size_t i = nt->canon_head; i != end; i++) {
		u8 c = (u8)nt->buf[MASK(i)];

		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c))
			col += L_FLAG(nt, ECHOCTL) ? 2 : 0;
		else if (!(I_FLAG(nt, IUTF8) && is_cont(c)))
			col++;
	}
	return col;
}

/* Make the erased character @c (now at line position @pos) disappear. */
static void echo_erased(struct n_tty *nt, struct echo_buf *e, u8 c, size_t pos)
{
	if (c == '\t') {
		unsigned int col = line_column(nt, pos);

		/* Back up to where the tab started; nothing to blank. */
		while (nt->column > col)
			echo_byte(nt, e, '\b');
	} else if (is_cntrl(c)) {
		if (L_FLAG(nt, ECHOCTL))
			echo_str(nt, e, "\b \b\b \b");
	} else {
		echo_str(nt, e, "\b \b");
	}
}

static void eraser(struct n_tty *nt, struct echo_buf *e, u8 typed,
		   enum erase_kind kind)
{
	bool seen_word = false;

	if (nt->read_head == nt->canon_head)
		return;
	if (kind == KILL) {
		if (!L_FLAG(nt, ECHO)) {
			nt->read_head = nt->canon_head;
			return;
		}
		/* Without ECHOKE (and friends) a kill is shown, not undone. */
		if (!L_FLAG(nt, ECHOK) || !L_FLAG(nt, ECHOKE) ||
		    !L_FLAG(nt, ECHOE)) {
			nt->read_head = nt->canon_head;
			echo_char(nt, e, typed);
			if (L_FLAG(nt, ECHOK))
				echo_byte(nt, e, '\n');
			nt->canon_column = nt->column;
			return;
		}
	}
	while (nt->read_head != nt->canon_head) {
		size_t pos = nt->read_head - 1;
		u8 c = (u8)nt->buf[MASK(pos)];

		/* A multi-byte UTF-8 character is erased whole. */
		if (I_FLAG(nt, IUTF8))
			while (pos != nt->canon_head &&
			       is_cont((u8)nt->buf[MASK(pos)]))
				pos--;
		if (kind == WERASE) {
			/* Blanks before the word go, then the word itself. */
			if (is_blank(c)) {
				if (seen_word)
					break;
			} else {
				seen_word = true;
			}
		}
		nt->read_head = pos;
		if (L_FLAG(nt, ECHO)) {
			if (kind == ERASE && !L_FLAG(nt, ECHOE))
				echo_char(nt, e, typed);
			else
				echo_erased(nt, e, c, pos);
		}
		if (kind == ERASE)
			break;
	}
}

static void reprint(struct n_tty *nt, struct echo_buf *e, u8 typed)
{
	echo_char(nt, e, typed);
	echo_byte(nt, e, '\n');
	nt->canon_column = nt->column;
	for (size_t i = nt->canon_head; i != nt->read_head; i++)
		echo_char(nt, e, (u8)nt->buf[MASK(i)]);
}

/* A line terminator: the edited line becomes readable. */
static void end_line(struct n_tty *nt, u8 c, u8 flags)
{
	if (!put_byte(nt, c, flags))
		return;
	nt->canon_head = nt->read_head;
	nt->canon_column = nt->column;
}

static void isig(struct n_tty *nt, struct echo_buf *e, u8 c, int sig)
{
	if (!L_FLAG(nt, NOFLSH))
		n_tty_flush_input(nt);
	/* Like Linux: an interrupt also restarts stopped output. */
	if (I_FLAG(nt, IXON))
		nt->stopped = false;
	if (L_FLAG(nt, ECHO))
		echo_char(nt, e, c);
	/* The ^C must be on the screen before the handler prints. */
	echo_flush(nt, e);
	if (nt->ops && nt->ops->signal)
		nt->ops->signal(nt->ctx, sig);
}

static void ordinary(struct n_tty *nt, struct echo_buf *e, u8 c)
{
	if (!room_for(nt, false)) {
		nt->dropped++;
		/* Linux behaves as if IMAXBEL were always set. */
		if (L_FLAG(nt, ECHO) && L_FLAG(nt, ICANON))
			echo_byte(nt, e, '\a');
		return;
	}
	if (L_FLAG(nt, ECHO)) {
		if (nt->read_head == nt->canon_head)
			nt->canon_column = nt->column;
		echo_char(nt, e, c);
	}
	put_byte(nt, c, 0);
}

/* Returns true if @c was a canonical-mode special character. */
static bool canon_special(struct n_tty *nt, struct echo_buf *e, u8 c)
{
	if (is_cc(nt, c, VERASE)) {
		eraser(nt, e, c, ERASE);
		return true;
	}
	if (is_cc(nt, c, VKILL)) {
		eraser(nt, e, c, KILL);
		return true;
	}
	if (L_FLAG(nt, IEXTEN)) {
		if (is_cc(nt, c, VWERASE)) {
			eraser(nt, e, c, WERASE);
			return true;
		}
		if (is_cc(nt, c, VLNEXT)) {
			nt->lnext = true;
			/* A '^' under the cursor until the next byte lands. */
			if (L_FLAG(nt, ECHO) && L_FLAG(nt, ECHOCTL))
				echo_str(nt, e, "^\b");
			return true;
		}
		if (is_cc(nt, c, VREPRINT) && L_FLAG(nt, ECHO)) {
			reprint(nt, e, c);
			return true;
		}
	}
	if (c == '\n') {
		if (L_FLAG(nt, ECHO) || L_FLAG(nt, ECHONL))
			echo_byte(nt, e, '\n');
		end_line(nt, c, N_TTY_F_EOL);
		return true;
	}
	if (is_cc(nt, c, VEOF)) {
		/* Not echoed, never read: it only ends the line. */
		end_line(nt, c, N_TTY_F_EOL | N_TTY_F_EOF);
		return true;
	}
	if (is_cc(nt, c, VEOL) || (L_FLAG(nt, IEXTEN) && is_cc(nt, c, VEOL2))) {
		if (L_FLAG(nt, ECHO)) {
			if (nt->read_head == nt->canon_head)
				nt->canon_column = nt->column;
			echo_char(nt, e, c);
		}
		end_line(nt, c, N_TTY_F_EOL);
		return true;
	}
	return false;
}

static void receive_char(struct n_tty *nt, struct echo_buf *e, u8 c)
{
	if (I_FLAG(nt, ISTRIP))
		c &= 0x7f;
	if (I_FLAG(nt, IUCLC) && L_FLAG(nt, IEXTEN) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (nt->lnext) {
		nt->lnext = false;
		ordinary(nt, e, c);
		return;
	}
	if (I_FLAG(nt, IXON)) {
		if (is_cc(nt, c, VSTOP)) {
			nt->stopped = true;
			return;
		}
		if (is_cc(nt, c, VSTART)) {
			nt->stopped = false;
			return;
		}
		if (nt->stopped && I_FLAG(nt, IXANY))
			nt->stopped = false;
	}
	if (L_FLAG(nt, ISIG)) {
		if (is_cc(nt, c, VINTR)) {
			isig(nt, e, c, TTY_SIGINT);
			return;
		}
		if (is_cc(nt, c, VQUIT)) {
			isig(nt, e, c, TTY_SIGQUIT);
			return;
		}
		if (is_cc(nt, c, VSUSP)) {
			isig(nt, e, c, TTY_SIGTSTP);
			return;
		}
	}
	if (c == '\r') {
		if (I_FLAG(nt, IGNCR))
			return;
		if (I_FLAG(nt, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(nt, INLCR)) {
		c = '\r';
	}
	if (L_FLAG(nt, ICANON) && canon_special(nt, e, c))
		return;
	ordinary(nt, e, c);
}

void n_tty_receive(struct n_tty *nt, const char *buf, size_t n)
{
	struct echo_buf e = {.len = 0};

	for (size_t i = 0; i < n; i++)
		receive_char(nt, &e, (u8)buf[i]);
	echo_flush(nt, &e);
}

/* ---- reading ---- */

static enum n_tty_read_status canon_read(struct n_tty *nt, char *buf, size_t n,
					 struct n_tty_reader *r)
{
	if (nt->canon_head == nt->read_tail)
		return N_TTY_READ_WAIT;
	while (nt->read_tail != nt->canon_head && r->copied < n) {
		size_t i = MASK(nt->read_tail++);

		if (nt->flags[i] & N_TTY_F_EOF)
			return N_TTY_READ_DONE; /* 0 bytes at line start */
		buf[r->copied++] = nt->buf[i];
		if (nt->flags[i] & N_TTY_F_EOL)
			return N_TTY_READ_DONE;
	}
	/*
	 * The caller's buffer filled up just before the ^D that ended this
	 * line: swallow it now, or the next read would see a false EOF.
	 */
	if (nt->read_tail != nt->canon_head &&
	    (nt->flags[MASK(nt->read_tail)] & N_TTY_F_EOF))
		nt->read_tail++;
	return N_TTY_READ_DONE;
}

static u64 now_ns(struct n_tty *nt)
{
	return nt->ops && nt->ops->now_ns ? nt->ops->now_ns(nt->ctx) : 0;
}

/*
 * Non-canonical reads, termios(3): MIN=0,TIME=0 polls; MIN>0,TIME=0
 * waits for MIN bytes; MIN>0,TIME>0 waits for the first byte, then until
 * MIN bytes or TIME passes with no new byte; MIN=0,TIME>0 waits up to
 * TIME for one byte.  A read never returns more than was asked for, and
 * never waits for more than that.
 */
static enum n_tty_read_status raw_read(struct n_tty *nt, char *buf, size_t n,
				       struct n_tty_reader *r)
{
	size_t vmin = nt->termios.c_cc[VMIN];
	u64 vtime = nt->termios.c_cc[VTIME];
	size_t got = 0;
	u64 now;

	while (nt->read_tail != nt->read_head && r->copied < n) {
		buf[r->copied++] = nt->buf[MASK(nt->read_tail)];
		nt->read_tail++;
		got++;
	}
	nt->canon_head = nt->read_tail;
	if (r->copied == n)
		return N_TTY_READ_DONE;
	if (vmin == 0) {
		if (vtime == 0 || r->copied)
			return N_TTY_READ_DONE;
		now = now_ns(nt);
		if (!r->timing) {
			r->deadline = now + vtime * VTIME_NS;
			r->timing = true;
		}
		return now >= r->deadline ? N_TTY_READ_DONE : N_TTY_READ_WAIT;
	}
	if (r->copied >= min(vmin, n))
		return N_TTY_READ_DONE;
	if (vtime == 0 || r->copied == 0)
		return N_TTY_READ_WAIT;
	/* The inter-byte timer restarts with every byte that arrives. */
	now = now_ns(nt);
	if (got || !r->timing) {
		r->deadline = now + vtime * VTIME_NS;
		r->timing = true;
		return N_TTY_READ_WAIT;
	}
	return now >= r->deadline ? N_TTY_READ_DONE : N_TTY_READ_WAIT;
}

enum n_tty_read_status n_tty_read(struct n_tty *nt, char *buf, size_t n,
				  struct n_tty_reader *r)
{
	if (r->copied >= n)
		return N_TTY_READ_DONE;
	if (L_FLAG(nt, ICANON))
		return canon_read(nt, buf, n, r);
	return raw_read(nt, buf, n, r);
}

size_t n_tty_inq(const struct n_tty *nt)
{
	size_t n = 0;

	if (!L_FLAG(nt, ICANON))
		return in_count(nt);
	for (size_t i = nt->read_tail; i != nt->canon_head; i++)
		if (!(nt->flags[MASK(i)] & N_TTY_F_EOF))
			n++;
	return n;
}

bool n_tty_readable(const struct n_tty *nt)
{
	if (L_FLAG(nt, ICANON))
		return nt->canon_head != nt->read_tail;
	return nt->read_head != nt->read_tail;
}

/* ---- settings ---- */

void n_tty_default_termios(struct termios *t)
{
	static const u8 cc[NCCS] = {
		[VINTR] = 003,	 [VQUIT] = 034,	   [VERASE] = 0177,
		[VKILL] = 025,	 [VEOF] = 004,	   [VTIME] = 0,
		[VMIN] = 1,	 [VSTART] = 021,   [VSTOP] = 023,
		[VSUSP] = 032,	 [VREPRINT] = 022, [VDISCARD] = 017,
		[VWERASE] = 027, [VLNEXT] = 026,
	};

	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		     IEXTEN;
	memcpy(t->c_cc, cc, sizeof(cc));
}

void n_tty_init(struct n_tty *nt, const struct n_tty_ops *ops, void *ctx)
{
	memset(nt, 0, sizeof(*nt));
	nt->ops = ops;
	nt->ctx = ctx;
	n_tty_default_termios(&nt->termios);
}

/* Leaving canonical mode: drop the ^D markers, which are not data. */
static void strip_eof_markers(struct n_tty *nt)
{
	size_t w = nt->read_tail;

	for (size_t i = nt->read_tail; i != nt->read_head; i++) {
		if (nt->flags[MASK(i)] & N_TTY_F_EOF)
			continue;
		nt->buf[MASK(w)] = nt->buf[MASK(i)];
		nt->flags[MASK(w)] = 0;
		w++;
	}
	nt->read_head = w;
	nt->canon_head = nt->read_tail;
}

void n_tty_set_termios(struct n_tty *nt, const struct termios *t)
{
	bool was_canon = L_FLAG(nt, ICANON);

	nt->termios = *t;
	if (was_canon && !L_FLAG(nt, ICANON)) {
		strip_eof_markers(nt);
	} else if (!was_canon && L_FLAG(nt, ICANON)) {
		/* As Linux: input already typed becomes one finished line. */
		if (nt->read_head != nt->read_tail)
			nt->flags[MASK(nt->read_head - 1)] |= N_TTY_F_EOL;
		nt->canon_head = nt->read_head;
		nt->canon_column = nt->column;
	}
	if (!I_FLAG(nt, IXON))
		nt->stopped = false;
	if (!L_FLAG(nt, IEXTEN))
		nt->lnext = false;
}
