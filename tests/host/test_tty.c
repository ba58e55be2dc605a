// SPDX-License-Identifier: MIT
/* Host unit tests for the N_TTY line discipline (kernel/tty/n_tty.c). */
#include "htest.h"

#include <umka/tty.h>

/* What the discipline sent to the "device" and the signals it raised. */
static char out[65536];
static size_t out_len;
static int sigs[16];
static int nsigs;
static u64 fake_now;

static void cap_write(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	memcpy(out + out_len, buf, n);
	out_len += n;
	out[out_len] = '\0';
}

static void cap_signal(void *ctx, int sig)
{
	(void)ctx;
	sigs[nsigs++] = sig;
}

static u64 cap_now(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static const struct n_tty_ops cap_ops = {
	.write = cap_write,
	.signal = cap_signal,
	.now_ns = cap_now,
};

static struct n_tty nt;

static void setup(void)
{
	n_tty_init(&nt, &cap_ops, NULL);
	out_len = 0;
	out[0] = '\0';
	nsigs = 0;
	fake_now = 1000;
}

static void type(const char *s)
{
	n_tty_receive(&nt, s, strlen(s));
}

static void clear_out(void)
{
	out_len = 0;
	out[0] = '\0';
}

/* One complete read() call as the kernel would make it, never waiting. */
static long rd(char *buf, size_t n)
{
	struct n_tty_reader r = {0};

	if (n_tty_read(&nt, buf, n, &r) == N_TTY_READ_WAIT)
		return -1;
	buf[r.copied] = '\0';
	return (long)r.copied;
}

static void set_lflag(tcflag_t on, tcflag_t off)
{
	struct termios t = nt.termios;

	t.c_lflag = (t.c_lflag | on) & ~off;
	n_tty_set_termios(&nt, &t);
}

static void set_raw(u8 vmin, u8 vtime)
{
	struct termios t = nt.termios;

	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	n_tty_set_termios(&nt, &t);
}

HTEST(defaults_match_linux)
{
	struct termios t;

	n_tty_default_termios(&t);
	CHECK_EQ(t.c_iflag, ICRNL | IXON);
	CHECK_EQ(t.c_oflag, OPOST | ONLCR);
	CHECK_EQ(t.c_lflag, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
				    ECHOKE | IEXTEN);
	CHECK_EQ(t.c_cc[VINTR], 3);
	CHECK_EQ(t.c_cc[VERASE], 0177);
	CHECK_EQ(t.c_cc[VMIN], 1);
	CHECK_EQ(TCGETS, 0x5401);
	CHECK_EQ(TIOCGWINSZ, 0x5413);
	CHECK_EQ(FIONREAD, 0x541B);
}

HTEST(canonical_line_assembly)
{
	char buf[64];

	setup();
	type("hel");
	CHECK_EQ(rd(buf, sizeof(buf)), -1); /* no full line yet */
	CHECK_EQ(n_tty_inq(&nt), 0);
	CHECK(!n_tty_readable(&nt));
	type("lo\r"); /* ICRNL turns CR into NL */
	CHECK(n_tty_readable(&nt));
	CHECK_EQ(n_tty_inq(&nt), 6);
	CHECK_STR(out, "hello\r\n"); /* echo, with ONLCR */
	CHECK_EQ(rd(buf, sizeof(buf)), 6);
	CHECK_STR(buf, "hello\n");
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
}

HTEST(canonical_reads_one_line_at_a_time)
{
	char buf[64];

	setup();
	type("one\ntwo\nthr");
	CHECK_EQ(n_tty_inq(&nt), 8);
	CHECK_EQ(rd(buf, sizeof(buf)), 4);
	CHECK_STR(buf, "one\n");
	CHECK_EQ(rd(buf, 2), 2); /* short buffer: rest stays */
	CHECK_STR(buf, "tw");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "o\n");
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
}

HTEST(erase_echoes_backspace_space_backspace)
{
	char buf[64];

	setup();
	type("abc\177\177x\n");
	CHECK_STR(out, "abc\b \b\b \bx\r\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 3);
	CHECK_STR(buf, "ax\n");
}

HTEST(erase_at_line_start_does_nothing)
{
	setup();
	type("\177");
	CHECK_EQ(out_len, 0);
	type("a\n\177");
	CHECK_STR(out, "a\r\n"); /* cannot erase a finished line */
}

HTEST(erase_without_echoe_echoes_the_character)
{
	char buf[16];

	setup();
	set_lflag(0, ECHOE);
	type("ab\177\n");
	CHECK_STR(out, "ab^?\r\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "a\n");
}

HTEST(erase_control_char_and_tab)
{
	char buf[16];

	setup();
	type("a\001"); /* echoed as ^A */
	CHECK_STR(out, "a^A");
	clear_out();
	type("\177"); /* two cells to blank */
	CHECK_STR(out, "\b \b\b \b");
	clear_out();
	type("\t\177"); /* tab from column 1 to 8 */
	CHECK_STR(out, "\t\b\b\b\b\b\b\b");
	type("\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "a\n");
}

HTEST(kill_erases_visually_with_echoke)
{
	char buf[16];

	setup();
	type("abc\025");
	CHECK_STR(out, "abc\b \b\b \b\b \b");
	type("z\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "z\n");
}

HTEST(kill_without_echoke_echoes_char_and_newline)
{
	setup();
	set_lflag(0, ECHOKE);
	type("abc\025");
	CHECK_STR(out, "abc^U\r\n");
	clear_out();
	set_lflag(0, ECHOK);
	type("d\025");
	CHECK_STR(out, "d^U");
	clear_out();
	set_lflag(0, ECHO);
	type("e\025");
	CHECK_EQ(out_len, 0);
	CHECK_EQ(nt.read_head, nt.canon_head);
}

HTEST(werase_takes_trailing_blanks_and_one_word)
{
	char buf[32];

	setup();
	type("ls foo  \027");
	CHECK_STR(out, "ls foo  \b \b\b \b\b \b\b \b\b \b");
	type("\027\027x\n"); /* second one on an empty line */
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "x\n");
}

HTEST(werase_needs_iexten)
{
	char buf[32];

	setup();
	set_lflag(0, IEXTEN | ECHO);
	type("a b\027\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 5);
	CHECK_STR(buf, "a b\027\n");
}

HTEST(utf8_erase_removes_whole_character)
{
	struct termios t;
	char buf[16];

	setup();
	t = nt.termios;
	t.c_iflag |= IUTF8;
	n_tty_set_termios(&nt, &t);
	type("a\xc3\xa9"); /* a, e-acute */
	clear_out();
	type("\177");
	CHECK_STR(out, "\b \b"); /* one cell */
	type("\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "a\n");
}

HTEST(ctrl_c_signals_and_flushes)
{
	char buf[16];

	setup();
	type("done\npartial\003");
	CHECK_EQ(nsigs, 1);
	CHECK_EQ(sigs[0], 2);
	CHECK_STR(out, "done\r\npartial^C");
	CHECK_EQ(n_tty_inq(&nt), 0); /* both lines flushed */
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
	type("\034\032");
	CHECK_EQ(nsigs, 3);
	CHECK_EQ(sigs[1], 3);  /* ^\ SIGQUIT */
	CHECK_EQ(sigs[2], 20); /* ^Z SIGTSTP */
}

HTEST(noflsh_keeps_input)
{
	char buf[16];

	setup();
	set_lflag(NOFLSH, 0);
	type("keep\n\003");
	CHECK_EQ(nsigs, 1);
	CHECK_EQ(rd(buf, sizeof(buf)), 5);
	CHECK_STR(buf, "keep\n");
}

HTEST(isig_off_passes_ctrl_c)
{
	char buf[16];

	setup();
	set_lflag(0, ISIG);
	type("\003\n");
	CHECK_EQ(nsigs, 0);
	CHECK_STR(out, "^C\r\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_EQ(buf[0], 3);
}

HTEST(eof_at_line_start_reads_zero)
{
	char buf[16];

	setup();
	type("\004");
	CHECK_EQ(out_len, 0); /* ^D is not echoed */
	CHECK(n_tty_readable(&nt));
	CHECK_EQ(n_tty_inq(&nt), 0);
	CHECK_EQ(rd(buf, sizeof(buf)), 0);
	CHECK_EQ(rd(buf, sizeof(buf)), -1); /* consumed */
}

HTEST(eof_mid_line_pushes_line)
{
	char buf[16];

	setup();
	type("abc\004");
	CHECK_EQ(n_tty_inq(&nt), 3);
	CHECK_EQ(rd(buf, sizeof(buf)), 3);
	CHECK_STR(buf, "abc");
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
	/* A buffer exactly the line's size must not leave a false EOF. */
	type("xy\004");
	CHECK_EQ(rd(buf, 2), 2);
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
	/* Two ^D: the line, then end of file. */
	type("q\004\004");
	CHECK_EQ(rd(buf, sizeof(buf)), 1);
	CHECK_EQ(rd(buf, sizeof(buf)), 0);
}

HTEST(eol_characters_end_lines)
{
	struct termios t;
	char buf[16];

	setup();
	t = nt.termios;
	t.c_cc[VEOL] = ';';
	t.c_cc[VEOL2] = '|';
	n_tty_set_termios(&nt, &t);
	type("a;b|");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "a;");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "b|");
	/* A disabled (0) EOL does not make NUL a line end. */
	type("c");
	n_tty_receive(&nt, "\0", 1);
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
}

HTEST(input_cr_nl_translation)
{
	struct termios t;
	char buf[16];

	setup();
	t = nt.termios;
	t.c_iflag |= IGNCR;
	n_tty_set_termios(&nt, &t);
	type("a\rb\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 3);
	CHECK_STR(buf, "ab\n");
	t.c_iflag = INLCR; /* NL becomes CR: no line end */
	n_tty_set_termios(&nt, &t);
	type("c\n");
	CHECK_EQ(rd(buf, sizeof(buf)), -1);
	t.c_iflag = ISTRIP;
	n_tty_set_termios(&nt, &t);
	type("\xe1\n"); /* 0xe1 & 0x7f = 'a' */
	CHECK_EQ(rd(buf, sizeof(buf)), 4);
	CHECK_STR(buf, "c\ra\n");
}

HTEST(output_processing)
{
	char o[64];
	size_t used, n;
	struct termios t;

	setup();
	n = n_tty_output(&nt, "a\nb", 3, o, sizeof(o), &used);
	CHECK_EQ(used, 3);
	CHECK_EQ(n, 4);
	CHECK(!memcmp(o, "a\r\nb", 4));
	t = nt.termios;
	t.c_oflag &= ~OPOST; /* raw output */
	n_tty_set_termios(&nt, &t);
	n = n_tty_output(&nt, "a\nb", 3, o, sizeof(o), &used);
	CHECK_EQ(n, 3);
	CHECK(!memcmp(o, "a\nb", 3));
	t.c_oflag = OPOST | OCRNL | OLCUC | XTABS;
	n_tty_set_termios(&nt, &t);
	nt.column = 0;
	n = n_tty_output(&nt, "x\ty\r", 4, o, sizeof(o), &used);
	CHECK_EQ(n, 10);
	CHECK(!memcmp(o, "X       Y\n", 10));
	t.c_oflag = OPOST | ONOCR;
	n_tty_set_termios(&nt, &t);
	nt.column = 0;
	n = n_tty_output(&nt, "\rz\r", 3, o, sizeof(o), &used);
	CHECK_EQ(n, 2); /* CR at column 0 dropped */
	CHECK(!memcmp(o, "z\r", 2));
}

HTEST(output_stops_when_out_is_nearly_full)
{
	char o[16];
	size_t used, n;

	setup();
	n = n_tty_output(&nt, "\n\n\n\n\n\n\n\n", 8, o, sizeof(o), &used);
	CHECK_EQ(used, 5); /* while 8 bytes stay free */
	CHECK_EQ(n, 10);
}

HTEST(echoctl_formats_controls)
{
	setup();
	type("\001\033\t");
	CHECK_STR(out, "^A^[\t");
	clear_out();
	set_lflag(0, ECHOCTL);
	type("\001");
	CHECK_STR(out, "\001");
}

HTEST(echonl_without_echo)
{
	setup();
	set_lflag(ECHONL, ECHO);
	type("secret\n");
	CHECK_STR(out, "\r\n");
}

HTEST(lnext_quotes_next_char)
{
	char buf[16];

	setup();
	type("\026\003\n");
	CHECK_EQ(nsigs, 0);
	CHECK_STR(out, "^\b^C\r\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_EQ(buf[0], 3);
}

HTEST(reprint_line)
{
	setup();
	type("ab\022");
	CHECK_STR(out, "ab^R\r\nab");
}

HTEST(ixon_stops_and_starts_output)
{
	char buf[16];

	setup();
	type("\023");
	CHECK(nt.stopped);
	type("\021");
	CHECK(!nt.stopped);
	type("\023");
	type("\003"); /* an interrupt restarts it */
	CHECK(!nt.stopped);
	type("x\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2); /* ^S/^Q never reach input */
}

HTEST(raw_vmin0_vtime0_polls)
{
	char buf[16];

	setup();
	set_raw(0, 0);
	CHECK_EQ(rd(buf, sizeof(buf)), 0);
	type("ab");
	CHECK_EQ(out_len, 0); /* ECHO off */
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "ab");
}

HTEST(raw_vmin_waits_for_min_bytes)
{
	struct n_tty_reader r = {0};
	char buf[16];

	setup();
	set_raw(3, 0);
	type("a");
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	CHECK_EQ(r.copied, 1);
	CHECK(!r.timing);
	type("bcd");
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_DONE);
	CHECK_EQ(r.copied, 4); /* all there, up to the ask */
	type("xy");
	CHECK_EQ(rd(buf, 2), 2); /* the ask caps MIN */
	CHECK_EQ(n_tty_inq(&nt), 0);
	type("\n"); /* raw: newline is plain data */
	CHECK_EQ(rd(buf, 1), 1);
	CHECK_EQ(buf[0], '\n');
}

HTEST(raw_vtime_interbyte_timer)
{
	struct n_tty_reader r = {0};
	char buf[16];

	setup();
	set_raw(5, 2); /* 0.2 s between bytes */
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	CHECK(!r.timing); /* no timer before byte one */
	type("a");
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	CHECK(r.timing);
	CHECK_EQ(r.deadline, 1000 + 200000000ULL);
	fake_now += 150000000ULL;
	type("b"); /* restarts the timer */
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	CHECK_EQ(r.deadline, fake_now + 200000000ULL);
	fake_now += 199999999ULL;
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	fake_now += 1;
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_DONE);
	CHECK_EQ(r.copied, 2);
}

HTEST(raw_vtime_total_timeout)
{
	struct n_tty_reader r = {0};
	char buf[16];

	setup();
	set_raw(0, 10); /* one second for one byte */
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	fake_now += 999999999ULL;
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	fake_now += 1;
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_DONE);
	CHECK_EQ(r.copied, 0);
	memset(&r, 0, sizeof(r));
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_WAIT);
	type("z");
	CHECK_EQ(n_tty_read(&nt, buf, sizeof(buf), &r), N_TTY_READ_DONE);
	CHECK_EQ(r.copied, 1);
}

HTEST(raw_mode_keeps_isig_and_echo)
{
	char buf[16];
	struct termios t;

	setup();
	t = nt.termios;
	t.c_lflag &= ~ICANON;
	n_tty_set_termios(&nt, &t);
	type("q\177"); /* erase is data in raw mode */
	CHECK_STR(out, "q^?");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	type("\003");
	CHECK_EQ(nsigs, 1);
}

HTEST(mode_switches_keep_pending_input)
{
	char buf[16];

	setup();
	type("ab\004"); /* "ab" pushed by ^D */
	set_raw(1, 0);
	CHECK_EQ(n_tty_inq(&nt), 2); /* the marker is not data */
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "ab");
	type("xyz");
	set_lflag(ICANON, 0); /* typed-ahead becomes a line */
	CHECK_EQ(rd(buf, sizeof(buf)), 3);
	CHECK_STR(buf, "xyz");
}

HTEST(canonical_buffer_full_keeps_room_for_newline)
{
	static char big[N_TTY_BUF_SIZE + 10];
	static char buf[N_TTY_BUF_SIZE + 10];

	setup();
	memset(big, 'x', sizeof(big));
	n_tty_receive(&nt, big, sizeof(big));
	CHECK_EQ(nt.read_head - nt.read_tail, N_TTY_BUF_SIZE - 1);
	CHECK_EQ(nt.dropped, 11);
	CHECK(out[out_len - 1] == '\a'); /* the bell for dropped bytes */
	type("\n");			 /* still accepted */
	CHECK_EQ(rd(buf, sizeof(buf)), N_TTY_BUF_SIZE);
	CHECK_EQ(buf[N_TTY_BUF_SIZE - 1], '\n');
	type("\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 1); /* the ring wrapped fine */
}

HTEST(raw_buffer_full_drops_excess)
{
	static char big[N_TTY_BUF_SIZE + 5];
	static char buf[N_TTY_BUF_SIZE + 5];

	setup();
	set_raw(1, 0);
	memset(big, 'y', sizeof(big));
	n_tty_receive(&nt, big, sizeof(big));
	CHECK_EQ(n_tty_inq(&nt), N_TTY_BUF_SIZE);
	CHECK_EQ(nt.dropped, 5);
	CHECK_EQ(rd(buf, sizeof(buf)), N_TTY_BUF_SIZE);
}

HTEST(flush_input)
{
	char buf[16];

	setup();
	type("a\nb");
	n_tty_flush_input(&nt);
	CHECK_EQ(n_tty_inq(&nt), 0);
	type("c\n");
	CHECK_EQ(rd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "c\n");
}

HTEST_MAIN("tty")
