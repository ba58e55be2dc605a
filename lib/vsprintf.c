// SPDX-License-Identifier: MIT
/*
 * A small, bounded printf engine, portable so the host tests can compare
 * it against the C library's own.
 */
#include <umka/kprintf.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width, prec;
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0, zeros, total;
	char prefix[3];

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (sp->prec < 0 && n == 0)
		tmp[n++] = '0';
	if (neg)
		prefix[prefix_len++] = '-';
	else if (sp->plus)
		prefix[prefix_len++] = '+';
	else if (sp->space)
		prefix[prefix_len++] = ' ';
	if (sp->alt && base == 16 && n && !(n == 1 && tmp[0] == '0')) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0') &&
		   sp->prec <= n) {
		tmp[n++] = '0';
	}
	zeros = sp->prec > n ? sp->prec - n : 0;
	total = prefix_len + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else if (*fmt == '+')
			sp->plus = true;
		else if (*fmt == ' ')
			sp->space = true;
		else if (*fmt == '#')
			sp->alt = true;
		else
			break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		fmt++;
	} else {
		while (*fmt >= '0' && *fmt <= '9')
			sp->width = sp->width * 10 + (*fmt++ - '0');
	}
	if (*fmt == '.') {
		fmt++;
		sp->prec = 0;
		if (*fmt == '*') {
			sp->prec = va_arg(*ap, int);
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp->prec = sp->prec * 10 + (*fmt++ - '0');
		}
	}
	return fmt;
}

/* Length modifier: 0 int, 1 long, 2 long long, -1 short, -2 char. */
static const char *parse_len(const char *fmt, int *len)
{
	*len = 0;
	if (*fmt == 'h') {
		*len = fmt[1] == 'h' ? -2 : -1;
		fmt += fmt[1] == 'h' ? 2 : 1;
	} else if (*fmt == 'l') {
		*len = fmt[1] == 'l' ? 2 : 1;
		fmt += fmt[1] == 'l' ? 2 : 1;
	} else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') {
		*len = 1;
		fmt++;
	}
	return fmt;
}

static long long get_signed(va_list *ap, int len)
{
	if (len == 2)
		return va_arg(*ap, long long);
	if (len == 1)
		return va_arg(*ap, long);
	if (len == -1)
		return (short)va_arg(*ap, int);
	if (len == -2)
		return (signed char)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static unsigned long long get_unsigned(va_list *ap, int len)
{
	if (len == 2)
		return va_arg(*ap, unsigned long long);
	if (len == 1)
		return va_arg(*ap, unsigned long);
	if (len == -1)
		return (unsigned short)va_arg(*ap, unsigned int);
	if (len == -2)
		return (unsigned char)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

static void convert(struct out *o, char c, struct spec *sp, int len,
		    va_list *ap)
{
	long long sv;

	/* C99: '+' and ' ' only mean something for signed conversions. */
	if (c != 'd' && c != 'i')
		sp->plus = sp->space = false;
	switch (c) {
	case 'd':
	case 'i':
		sv = get_signed(ap, len);
		put_num(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
			sv < 0, 10, false, sp);
		break;
	case 'u':
		put_num(o, get_unsigned(ap, len), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		put_num(o, get_unsigned(ap, len), false, 16, c == 'X', sp);
		break;
	case 'o':
		put_num(o, get_unsigned(ap, len), false, 8, false, sp);
		break;
	case 'p':
		/* Like %#lx, so NULL prints as "0", not glibc's "(nil)". */
		sp->alt = true;
		put_num(o, (unsigned long)va_arg(*ap, void *), false, 16, false,
			sp);
		break;
	case 'c':
		/* Not via put_str: a NUL is a character here, not the end. */
		if (!sp->left)
			pad(o, ' ', sp->width - 1);
		put(o, (char)va_arg(*ap, int));
		if (sp->left)
			pad(o, ' ', sp->width - 1);
		break;
	case 's':
		put_str(o, va_arg(*ap, const char *), sp);
		break;
	default:
		/* Unknown conversion: show it rather than guess. */
		put(o, '%');
		put(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		struct spec sp = { .prec = -1 };
		int len;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt, &sp, &ap);
		fmt = parse_len(fmt, &len);
		if (!*fmt)
			break;
		convert(&o, *fmt++, &sp, len, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
