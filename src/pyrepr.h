/*
 * pyrepr.h: JSON values in Python's spelling. What a cell's value, a
 * widget's value or a table cell looks like to a person who thinks in
 * Python: None, True and False, floats as repr() writes them, strings
 * quoted and escaped as repr() quotes them, lists and dicts as repr()
 * prints them. The flags loosen that spelling where a caller shows a
 * value to be read rather than pasted back into Python.
 */
#ifndef QUIRE_PYREPR_H
#define QUIRE_PYREPR_H

#include <stddef.h>

struct buf;
struct json_t;

/* pyrepr_json_format flags; 0 is repr() itself. */
/* The value itself without its own quotes or brackets: a string bare, a
 * list's items joined by ", " (each bare in turn), a dict's items as
 * "key: value" with the values in full (a widget's value in `quire
 * run`: "apple, pear", "a: [1, 2.5]"). */
#define PYREPR_BARE 0x01
/* Bare at every depth, dict values included (an editor field). */
#define PYREPR_BARE_ALL 0x02
/* Dict keys unquoted at every depth ({a: 1}). */
#define PYREPR_BARE_KEYS 0x04
/* Quote strings with ' and escape nothing inside: the text is shown
 * through the sanitiser, which makes controls visible itself. */
#define PYREPR_NOESCAPE 0x08
/* Lists and dicts as compact JSON (a table cell: [1,"a"]). */
#define PYREPR_JSON_CONTAINERS 0x10
/* Floats as an editor field shows them: an integral one below 1e15 with
 * one decimal ("3.0"), any other to ten significant digits (%.10g). */
#define PYREPR_FLOAT_SHORT 0x20

/*
 * Append v in Python's spelling, as the flags say. NULL (a value a JSON
 * object left out) is "None". Cannot fail.
 */
void pyrepr_json_format(struct buf *out, const struct json_t *v,
    unsigned flags);

/*
 * Append the len bytes of p as repr() writes a str: in ' quotes, or "
 * when p holds a ' and no ", with \\, \n, \r, \t, the quote, controls
 * (\xNN), line and paragraph separators, non-breaking and other odd
 * spaces and format characters (\xNN, \uNNNN, \UNNNNNNNN) escaped, any
 * other character as it is. A byte that is not UTF-8 is \xNN.
 * PYREPR_NOESCAPE is the only flag it reads.
 */
void pyrepr_str_format(struct buf *out, const char *p, size_t len,
    unsigned flags);

/*
 * Append x as Python's repr() writes a float: the shortest digits that
 * read back to x, positional from 1e-4 up to 1e16, with an exponent
 * of at least two digits beyond ("1e+16", "1.5e-05"), and always a '.'
 * or an exponent ("1.0"); nan, inf and -inf.
 */
void pyrepr_float_format(struct buf *out, double x);

#endif
