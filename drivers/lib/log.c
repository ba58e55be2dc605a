// SPDX-License-Identifier: MIT
/*
 * Formatted logging for drivers.  KernelServices.log() takes finished
 * text only, so that no format string crosses into the kernel.
 */
#include <stdarg.h>
#include <kabi_driver.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long long v, unsigned base,
		    int width, char pad, bool neg)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

static unsigned long long get_unsigned(va_list *ap, int longs)
{
	if (longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long get_signed(va_list *ap, int longs)
{
	if (longs >= 2)
		return va_arg(*ap, long long);
	if (longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static const char *conv(struct out *o, const char *f, va_list *ap)
{
	char pad = ' ';
	int width = 0, longs = 0;
	long long sv;
	const char *s;

	if (*f == '0')
		pad = *f++;
	while (*f >= '0' && *f <= '9')
		width = width * 10 + (*f++ - '0');
	while (*f == 'l')
		longs++, f++;
	switch (*f) {
	case 'd':
		sv = get_signed(ap, longs);
		put_num(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
			10, width, pad, sv < 0);
		break;
	case 'u':
		put_num(o, get_unsigned(ap, longs), 10, width, pad, false);
		break;
	case 'x':
		put_num(o, get_unsigned(ap, longs), 16, width, pad, false);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, (unsigned long)va_arg(*ap, void *), 16, 0, ' ',
			false);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 's':
		for (s = va_arg(*ap, const char *); s && *s; s++)
			put(o, *s);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		return f - 1;	/* unknown: print it as it stands */
	}
	return f;
}

static int kd_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list cp;

	va_copy(cp, ap);
	for (; *fmt; fmt++) {
		if (*fmt == '%' && fmt[1])
			fmt = conv(&o, fmt + 1, &cp);
		else
			put(&o, *fmt);
	}
	va_end(cp);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int kd_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kd_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void kd_log(const struct kabi_env *env, u32 level, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kd_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	env->ks->log(env->ctx, level, buf, (u64)n);
}
