/* mkcorpus.h: sk-mkcorpus's page description (see mkcorpus.c for the format)
 * and its reader (desc.c). The reader owns nothing after it returns: the
 * blocks, rows and truth rows it fills are the caller's, freed by mk_doc_free(). */
#ifndef SK_MKCORPUS_H
#define SK_MKCORPUS_H

#include <cairo.h>
#include <glib.h>
#include <stdio.h>

typedef enum {
    B_LOGO,
    B_TITLE,
    B_H1,
    B_H2,
    B_H3,
    B_P,
    B_NOTE,
    B_ITEM,
    B_TABLE,
    B_PAGE,
    B_SPACE
} btype;

typedef struct {
    char **cells;
    int n;
    int page; /* page the row was laid out on (truth), -1 before */
} row_t;

typedef struct {
    btype t;
    GString *text;
    char *marker;
    int level;
    int markup;
    row_t *rows;
    int nrows;
    int header;
    int kv;
    int pfirst, plast; /* first and last page with text of this block, -1 before */
} block_t;

/* One @truth directive, anchored to the block (and row) that follows it. */
typedef struct {
    char kind;    /* P C E R M D */
    char *fields; /* TAB-separated fields after the kind */
    char *needle; /* M: text whose line gives the page */
    int block;    /* anchor: index of the next block (R: the table) */
    int row;      /* R: row index in the table */
    int page;     /* resolved page, 0-based, -1 before */
} truth_t;

typedef struct {
    int slide;
    char *title, *author, *subject, *keywords, *creator, *date;
    char *header, *header_right, *footer, *font;
    int hyphenate;
    block_t *b;
    int nb, cap;
    truth_t *tr;
    int ntr;
} doc_t;

/* Read the description in F into D (zeroed by the caller). A malformed line
 * ends the program with its line number (the input is ours, not a user's). */
void mk_parse(doc_t *d, FILE *f);

/* Free what mk_parse() allocated in D. */
void mk_doc_free(doc_t *d);

/* realloc() and strdup() that end the program when memory runs out. */
void *mk_xrealloc(void *p, size_t n);
char *mk_xstrdup(const char *s);

/* -i (pictures.c): one page as its pictures see it. */
typedef struct {
    const char *name; /* the file name (-n): with PAGE, the pictures' seed */
    int page;         /* 0-based */
    int slide;
    double pw, ph;                   /* page size, pt */
    double left, width, top, bottom; /* the body's area */
    double text_end;                 /* y below the page's last body text */
    size_t text_chars;               /* bytes of body text on the page */
} mk_page_t;

typedef struct mk_pictures mk_pictures;

/* The pictures of the paper NAME (its logo, counts of pages and bytes). */
mk_pictures *mk_pictures_new(const char *name);

/* Draw page G's pictures into CR, before the page's text: the logo, and on
 * about four pages in five a chart or photo (JPEG, DCTDecode in the PDF). */
void mk_pictures_page(mk_pictures *p, cairo_t *cr, const mk_page_t *g);

/* Say on stderr how many pages got a picture and how many kB of JPEG, then
 * free P (NULL: nothing). */
void mk_pictures_free(mk_pictures *p, const char *name);

#endif
