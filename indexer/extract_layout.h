/* extract_layout.h: a PDF page's text rebuilt from its character boxes
 * (extract_layout.c). Internal to the extractor; no poppler types here, so
 * the unit tests can feed it boxes of their own.
 *
 * Input: the page text as poppler_page_get_text() gives it (UTF-8, lines
 * separated by '\n', words by ' ') and one box per character of it, in the
 * same order (poppler_page_get_text_layout(); page coordinates in points,
 * y growing downwards).
 *
 * Output, appended to a buffer:
 *   - text outside tables keeps poppler's order and separators, except that
 *     two characters poppler put side by side with no whitespace although
 *     they are far apart are never glued: a '\t' between them when they sit
 *     on one text line (a gap wider than about half a line's height), a
 *     '\n' when they do not;
 *   - a table (two or more text lines whose words leave the same vertical
 *     gutters free, each of at least two of the lines with words on both
 *     sides of a gutter) comes out where its first word was, one line per
 *     row, top to bottom, its cells left to right separated by '\t' (an
 *     empty cell is an empty string between two tabs; empty cells at the
 *     end of a row are left out). A line with nothing in the first column
 *     that sits closer to the row above than rows sit to each other, and
 *     whose words could not have been written on the line above, is the
 *     wrapped rest of that row's cells and is joined to them with a space.
 *   - two text boxes side by side whose lines flow as prose are not a table.
 * When the boxes do not match the text (count, invalid UTF-8), the text is
 * appended as it is.
 */
#ifndef SAKSOK_EXTRACT_LAYOUT_H
#define SAKSOK_EXTRACT_LAYOUT_H

#include <stddef.h>

#include "saksok/base/buf.h"
#include "saksok/base/err.h"

typedef struct sk_layout_box {
    double x1, y1, x2, y2; /* x1 <= x2, y1 <= y2 (top < bottom) */
} sk_layout_box;

/* Append the rebuilt text of text[0..len) with n_boxes boxes to out.
 * Errors: SK_ENOMEM, SK_ELIMIT (out's cap). */
int sk_layout_append(sk_buf *out, const char *text, size_t len, const sk_layout_box *boxes,
                     size_t n_boxes, sk_err *err);

#endif
