/*
 * pyrepr.c: JSON values in Python's spelling. Owns the one walk over a
 * jansson value that writes None/True/False, repr()'s floats and
 * strings, and lists and dicts, for richtext.c (a widget's value in
 * `quire run`), tablerender.c (a table cell) and tui/widget.c (an
 * editor field). Where the text goes, and how it is sanitised and cut,
 * is theirs.
 *
 * The idea to hold first: one function, one switch on the JSON type;
 * every difference between the callers is a flag (pyrepr.h), so a fix to
 * the spelling of a float or a string reaches all three.
 */
#include "config.h"
#include "pyrepr.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "utf8.h"

/*
 * Does repr() escape cp? Python writes a character as it is only when
 * str.isprintable() holds: not a control (Cc), format (Cf), private
 * (Co), unassigned (Cn) or surrogate code point, nor a separator (Zl,
 * Zp, Zs) other than the space. utf8_class() knows the C categories;
 * the separators are few enough to list.
 */
static bool
pyrepr_cp_is_escaped(uint32_t cp)
{
	switch (utf8_class(cp)) {
	case UTF8_CLASS_CONTROL:
	case UTF8_CLASS_FORMAT:
	case UTF8_CLASS_PRIVATE:
	case UTF8_CLASS_UNASSIGNED:
		return true;
	default:
		break;
	}
	return cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

void
pyrepr_str_format(struct buf *out, const char *p, size_t len,
    unsigned flags)
{
	size_t off, n, i;
	uint32_t cp;
	bool ok;
	char q;

	if (flags & PYREPR_NOESCAPE) {
		buf_addc(out, '\'');
		buf_add(out, p, len);
		buf_addc(out, '\'');
		return;
	}
	q = memchr(p, '\'', len) != NULL && memchr(p, '"', len) == NULL ?
	    '"' : '\'';
	buf_addc(out, q);
	for (off = 0; off < len; off += n) {
		n = utf8_next(p + off, len - off, &cp, &ok);
		if (!ok) {
			for (i = 0; i < n; i++)
				buf_addf(out, "\\x%02x",
				    (unsigned char)p[off + i]);
			continue;
		}
		if (cp == (uint32_t)q || cp == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)cp);
		} else if (cp == '\n')
			buf_adds(out, "\\n");
		else if (cp == '\r')
			buf_adds(out, "\\r");
		else if (cp == '\t')
			buf_adds(out, "\\t");
		else if (!pyrepr_cp_is_escaped(cp))
			buf_add(out, p + off, n);
		else if (cp <= 0xff)
			buf_addf(out, "\\x%02x", (unsigned)cp);
		else if (cp <= 0xffff)
			buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			buf_addf(out, "\\U%08x", (unsigned)cp);
	}
	buf_addc(out, q);
}

void
pyrepr_float_format(struct buf *out, double x)
{
	char s[40], digits[24];
	int prec, exp10, ndig, i;
	char *e;

	if (isnan(x)) {
		buf_adds(out, "nan");
		return;
	}
	if (isinf(x)) {
		buf_adds(out, x < 0 ? "-inf" : "inf");
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		(void)snprintf(s, sizeof s, "%.*e", prec - 1, x);
		if (strtod(s, NULL) == x)
			break;
	}
	/* s is [-]d[.ddd]e[+-]xx: take the digits and the exponent. */
	e = strchr(s, 'e');
	assert(e != NULL);
	exp10 = atoi(e + 1);
	ndig = 0;
	for (i = s[0] == '-' ? 1 : 0; s + i < e; i++)
		if (s[i] != '.')
			digits[ndig++] = s[i];
	while (ndig > 1 && digits[ndig - 1] == '0')
		ndig--;
	if (s[0] == '-')
		buf_addc(out, '-');
	if (exp10 >= -4 && exp10 < 16) {
		if (exp10 < 0) {
			buf_adds(out, "0.");
			for (i = 0; i < -exp10 - 1; i++)
				buf_addc(out, '0');
			buf_add(out, digits, (size_t)ndig);
		} else {
			for (i = 0; i <= exp10; i++)
				buf_addc(out, i < ndig ? digits[i] : '0');
			buf_addc(out, '.');
			if (ndig > exp10 + 1)
				buf_add(out, digits + exp10 + 1,
				    (size_t)(ndig - exp10 - 1));
			else
				buf_addc(out, '0');
		}
		return;
	}
	buf_addc(out, digits[0]);
	if (ndig > 1) {
		buf_addc(out, '.');
		buf_add(out, digits + 1, (size_t)ndig - 1);
	}
	buf_addf(out, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
}

/* A float as an editor field shows it (PYREPR_FLOAT_SHORT). */
static void
pyrepr_float_format_short(struct buf *out, double x)
{
	if (x == floor(x) && fabs(x) < 1e15)
		buf_addf(out, "%.1f", x);
	else
		buf_addf(out, "%.10g", x);
}

/* Lists and dicts as compact JSON (PYREPR_JSON_CONTAINERS). */
static void
pyrepr_json_dump(struct buf *out, const json_t *v)
{
	char *s;

	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s != NULL)
		buf_adds(out, s);
	free(s);
}

/* v at some depth: bare says whether it goes without quotes or brackets
 * (PYREPR_BARE at the top and through bare lists, PYREPR_BARE_ALL). */
static void
pyrepr_value_format(struct buf *out, const json_t *v, unsigned flags,
    bool bare)
{
	const char *k;
	json_t *e;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (bare)
			buf_add(out, json_string_value(v),
			    json_string_length(v));
		else
			pyrepr_str_format(out, json_string_value(v),
			    json_string_length(v), flags);
		break;
	case JSON_INTEGER:
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		if (flags & PYREPR_FLOAT_SHORT)
			pyrepr_float_format_short(out, json_real_value(v));
		else
			pyrepr_float_format(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(out, "True");
		break;
	case JSON_FALSE:
		buf_adds(out, "False");
		break;
	case JSON_NULL:
		buf_adds(out, "None");
		break;
	case JSON_ARRAY:
		if (flags & PYREPR_JSON_CONTAINERS) {
			pyrepr_json_dump(out, v);
			break;
		}
		if (!bare)
			buf_addc(out, '[');
		json_array_foreach(v, i, e) {
			if (i > 0)
				buf_adds(out, ", ");
			pyrepr_value_format(out, e, flags, bare);
		}
		if (!bare)
			buf_addc(out, ']');
		break;
	case JSON_OBJECT:
		if (flags & PYREPR_JSON_CONTAINERS) {
			pyrepr_json_dump(out, v);
			break;
		}
		if (!bare)
			buf_addc(out, '{');
		i = 0;
		/* jansson's iterator wants a mutable object; nothing is
		 * changed through it. */
		json_object_foreach((json_t *)v, k, e) {
			if (i++ > 0)
				buf_adds(out, ", ");
			if (bare || (flags & PYREPR_BARE_KEYS))
				buf_adds(out, k);
			else
				pyrepr_str_format(out, k, strlen(k), flags);
			buf_adds(out, ": ");
			pyrepr_value_format(out, e, flags,
			    (flags & PYREPR_BARE_ALL) != 0);
		}
		if (!bare)
			buf_addc(out, '}');
		break;
	}
}

void
pyrepr_json_format(struct buf *out, const json_t *v, unsigned flags)
{
	if (v == NULL) {
		buf_adds(out, "None");
		return;
	}
	pyrepr_value_format(out, v, flags,
	    (flags & (PYREPR_BARE | PYREPR_BARE_ALL)) != 0);
}
