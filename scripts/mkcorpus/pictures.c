/* pictures.c: sk-mkcorpus -i, the raster pictures of a real meeting bundle:
 * a small JPEG logo on every page and, on about four pages in five, a JPEG
 * chart or photo-like picture of 150-300 kB (gradients, shapes and grain, so
 * that JPEG cannot squeeze it to nothing). The PDF embeds the JPEG bytes
 * themselves (cairo's CAIRO_MIME_TYPE_JPEG: DCTDecode streams).
 *
 * A page's picture goes where the page's body text left room below it; on a
 * full page it goes behind the text, faded, as a background picture. It is
 * drawn before the page's text either way, so the text layer is the same as
 * without -i. A page with little text for the picture's area gets a smaller
 * one or none (saksok OCRs pages whose text is short for their image area,
 * which would change what is extracted).
 *
 * Deterministic: every picture is seeded from the file name and the page
 * number, the logo from the file name; same input, same bytes. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h> /* before jpeglib.h, which needs FILE */

#include <cairo.h>
#include <jpeglib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mkcorpus.h"

#define PI 3.14159265358979323846
#define PICTURE_PIXELS 850000.0 /* about 150-300 kB of JPEG at the grain below */
#define PICTURE_SHARE 80        /* % of the pages with enough text that get one */
#define CHARS_PER_SQIN 3.0      /* less text per in² of picture on the page: none */
#define ROOM_MIN 110.0          /* pt of room below the text that take a picture */

struct mk_pictures {
    uint64_t seed;         /* from the file name */
    cairo_surface_t *logo; /* one per paper, shown on every page */
    int pages, with_picture;
    unsigned long jpeg_bytes;
};

/* ---- deterministic randomness ---------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rnd01(uint64_t *s)
{
    return (double)(rnd(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double rnd_in(uint64_t *s, double lo, double hi)
{
    return lo + (hi - lo) * rnd01(s);
}

static unsigned char clamp8(double v)
{
    return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* ---- JPEG ---------------------------------------------------------------------- */

/* Encode the RGB24 surface S as a JPEG of quality Q and attach it to S as
 * its MIME data (cairo's PDF backend then embeds these bytes). Returns the
 * JPEG's size. */
static unsigned long attach_jpeg(cairo_surface_t *s, int q, uint64_t id)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    unsigned char *out = NULL;
    unsigned long len = 0;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, &len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, q, TRUE);
    jpeg_start_compress(&c, TRUE);
    unsigned char *row = mk_xrealloc(NULL, (size_t)w * 3);
    while (c.next_scanline < c.image_height) {
        const uint32_t *px =
            (const uint32_t *)(const void *)(d + (size_t)c.next_scanline * (size_t)stride);
        for (int x = 0; x < w; x++) {
            row[3 * x] = (unsigned char)(px[x] >> 16);
            row[3 * x + 1] = (unsigned char)(px[x] >> 8);
            row[3 * x + 2] = (unsigned char)px[x];
        }
        JSAMPROW r = row;
        jpeg_write_scanlines(&c, &r, 1);
    }
    free(row);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, out, len, free, out);
    /* the same id, the same image: cairo embeds it once per file */
    char *uid = mk_xrealloc(NULL, 24);
    snprintf(uid, 24, "%016llx", (unsigned long long)id);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (unsigned char *)uid, strlen(uid),
                                free, uid);
    return len;
}

/* ---- pixels ------------------------------------------------------------------- */

/* Film grain over the surface, AMP levels either way, and a fade towards
 * white by FADE (0: none; 0.7: a pale background picture). */
static void grain(cairo_surface_t *s, uint64_t *r, double amp, double fade)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *d = cairo_image_surface_get_data(s);
    for (int y = 0; y < h; y++) {
        uint32_t *px = (uint32_t *)(void *)(d + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint64_t n = rnd(r);
            uint32_t out = 0;
            for (int k = 0; k < 3; k++) {
                double v = (double)((px[x] >> (16 - 8 * k)) & 0xFF);
                v = 255 - (255 - v) * (1 - fade);
                double g =
                    ((double)((n >> (16 * k)) & 0xFF) + (double)((n >> (16 * k + 8)) & 0xFF)) /
                        255.0 -
                    1.0;
                out = (out << 8) | clamp8(v + amp * g);
            }
            px[x] = out;
        }
    }
    cairo_surface_mark_dirty(s);
}

static void set_rgb(cairo_t *cr, uint64_t *r, double lo, double hi)
{
    cairo_set_source_rgb(cr, rnd_in(r, lo, hi), rnd_in(r, lo, hi), rnd_in(r, lo, hi));
}

/* A photo-like landscape: sky, a sun, rolling hills, trees, grain. */
static void photo(cairo_t *cr, int w, int h, uint64_t *r)
{
    cairo_pattern_t *sky = cairo_pattern_create_linear(0, 0, 0, h * 0.6);
    cairo_pattern_add_color_stop_rgb(sky, 0, rnd_in(r, 0.2, 0.4), rnd_in(r, 0.4, 0.6),
                                     rnd_in(r, 0.7, 0.95));
    cairo_pattern_add_color_stop_rgb(sky, 1, rnd_in(r, 0.8, 1), rnd_in(r, 0.75, 0.95),
                                     rnd_in(r, 0.6, 0.9));
    cairo_set_source(cr, sky);
    cairo_paint(cr);
    cairo_pattern_destroy(sky);
    double sx = rnd_in(r, 0.1, 0.9) * w, sy = rnd_in(r, 0.1, 0.3) * h,
           sr = rnd_in(r, 0.1, 0.25) * h;
    cairo_pattern_t *sun = cairo_pattern_create_radial(sx, sy, 0, sx, sy, sr);
    cairo_pattern_add_color_stop_rgba(sun, 0, 1, 0.97, 0.85, 0.95);
    cairo_pattern_add_color_stop_rgba(sun, 1, 1, 0.9, 0.7, 0);
    cairo_set_source(cr, sun);
    cairo_paint(cr);
    cairo_pattern_destroy(sun);
    for (int layer = 0; layer < 4; layer++) {
        double base = h * (0.45 + 0.13 * layer), a1 = rnd_in(r, 0.02, 0.08) * h;
        double f1 = rnd_in(r, 1, 4), f2 = rnd_in(r, 5, 13), p1 = rnd_in(r, 0, 6),
               p2 = rnd_in(r, 0, 6);
        cairo_move_to(cr, 0, h);
        for (int x = 0; x <= w; x += 4) {
            double t = (double)x / w;
            cairo_line_to(cr, x,
                          base - a1 * sin(2 * PI * f1 * t + p1) -
                              a1 * 0.3 * sin(2 * PI * f2 * t + p2));
        }
        cairo_line_to(cr, w, h);
        cairo_close_path(cr);
        double g = 0.25 + 0.12 * layer;
        cairo_set_source_rgb(cr, g * rnd_in(r, 0.5, 0.9), g + rnd_in(r, 0.05, 0.25),
                             g * rnd_in(r, 0.3, 0.7));
        cairo_fill(cr);
    }
    int trees = 20 + (int)(rnd(r) % 40);
    for (int i = 0; i < trees; i++) {
        double x = rnd01(r) * w, y = h * rnd_in(r, 0.55, 0.95), s = h * rnd_in(r, 0.02, 0.08);
        cairo_arc(cr, x, y, s, 0, 2 * PI);
        cairo_set_source_rgb(cr, rnd_in(r, 0.05, 0.2), rnd_in(r, 0.2, 0.45), rnd_in(r, 0.05, 0.2));
        cairo_fill(cr);
    }
}

/* A chart as a screenshot or a photographed slide has it: bars, a line
 * series and gridlines on a shaded ground (no text: raster text would be
 * OCR bait, and the benchmark wants the text layer unchanged). */
static void chart(cairo_t *cr, int w, int h, uint64_t *r)
{
    cairo_pattern_t *bg = cairo_pattern_create_linear(0, 0, w, h);
    cairo_pattern_add_color_stop_rgb(bg, 0, 0.97, 0.97, 0.95);
    cairo_pattern_add_color_stop_rgb(bg, 1, rnd_in(r, 0.8, 0.9), rnd_in(r, 0.82, 0.92),
                                     rnd_in(r, 0.85, 0.95));
    cairo_set_source(cr, bg);
    cairo_paint(cr);
    cairo_pattern_destroy(bg);
    double l = w * 0.08, b = h * 0.9, t = h * 0.08, rr = w * 0.96;
    cairo_set_line_width(cr, h * 0.003);
    cairo_set_source_rgb(cr, 0.7, 0.7, 0.72);
    for (int i = 0; i <= 5; i++) {
        cairo_move_to(cr, l, b - (b - t) * i / 5);
        cairo_line_to(cr, rr, b - (b - t) * i / 5);
    }
    cairo_stroke(cr);
    int n = 5 + (int)(rnd(r) % 9), series = 1 + (int)(rnd(r) % 3);
    double slot = (rr - l) / n, bw = slot * 0.7 / series;
    for (int s = 0; s < series; s++) {
        double c0 = rnd_in(r, 0.1, 0.5), c1 = rnd_in(r, 0.3, 0.7), c2 = rnd_in(r, 0.5, 0.9);
        for (int i = 0; i < n; i++) {
            double x = l + slot * i + slot * 0.15 + bw * s, v = rnd_in(r, 0.15, 0.95) * (b - t);
            cairo_pattern_t *p = cairo_pattern_create_linear(x, b - v, x + bw, b);
            cairo_pattern_add_color_stop_rgb(p, 0, c0 + 0.15, c1 + 0.15, c2 + 0.1);
            cairo_pattern_add_color_stop_rgb(p, 1, c0, c1, c2);
            cairo_set_source(cr, p);
            cairo_rectangle(cr, x, b - v, bw, v);
            cairo_fill(cr);
            cairo_pattern_destroy(p);
        }
    }
    cairo_set_line_width(cr, h * 0.008);
    set_rgb(cr, r, 0.1, 0.7);
    for (int i = 0; i < n; i++)
        cairo_line_to(cr, l + slot * (i + 0.5), b - rnd_in(r, 0.3, 0.9) * (b - t));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, h * 0.005);
    cairo_move_to(cr, l, t);
    cairo_line_to(cr, l, b);
    cairo_line_to(cr, rr, b);
    cairo_stroke(cr);
}

/* A picture of about PICTURE_PIXELS pixels in the aspect W:H (pt). */
static cairo_surface_t *picture(uint64_t seed, double w, double h, double fade,
                                unsigned long *bytes)
{
    uint64_t r = seed;
    double px = PICTURE_PIXELS * rnd_in(&r, 0.85, 1.15);
    int pw = (int)lround(sqrt(px * w / h)), ph = (int)lround(sqrt(px * h / w));
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cairo_t *cr = cairo_create(s);
    if (rnd(&r) & 1)
        photo(cr, pw, ph, &r);
    else
        chart(cr, pw, ph, &r);
    cairo_destroy(cr);
    grain(s, &r, fade > 0 ? 28 : 24, fade);
    *bytes = attach_jpeg(s, 85, seed);
    return s;
}

/* The organisation's logo: a badge and bars in its colours, 240x96 px. */
static cairo_surface_t *logo(uint64_t seed, unsigned long *bytes)
{
    uint64_t r = seed;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 240, 96);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_pattern_t *p = cairo_pattern_create_radial(48, 48, 4, 48, 48, 44);
    cairo_pattern_add_color_stop_rgb(p, 0, 0.3, 0.6, 0.85);
    cairo_pattern_add_color_stop_rgb(p, 1, 0.0, 0.33, 0.55);
    cairo_set_source(cr, p);
    cairo_arc(cr, 48, 48, 40, 0, 2 * PI);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
    for (int i = 0; i < 4; i++) {
        set_rgb(cr, &r, 0.0, 0.6);
        cairo_rectangle(cr, 100, 14 + 18 * i, rnd_in(&r, 60, 130), 10);
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    grain(s, &r, 4, 0);
    *bytes = attach_jpeg(s, 85, seed);
    return s;
}

/* ---- pages -------------------------------------------------------------------- */

static void show(cairo_t *cr, cairo_surface_t *s, double x, double y, double w, double h)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, w / cairo_image_surface_get_width(s), h / cairo_image_surface_get_height(s));
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

/* A seed from a file name and a page number (FNV-1a, then splitmix64). */
static uint64_t seed_of(const char *name, int page)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001B3ull;
    h ^= (uint64_t)(page + 1) * 0xD1B54A32D192ED03ull;
    return rnd(&h);
}

mk_pictures *mk_pictures_new(const char *name)
{
    mk_pictures *p = mk_xrealloc(NULL, sizeof *p);
    memset(p, 0, sizeof *p);
    p->seed = seed_of(name, -1);
    return p;
}

void mk_pictures_page(mk_pictures *p, cairo_t *cr, const mk_page_t *g)
{
    unsigned long bytes = 0;
    if (!p->logo) {
        p->logo = logo(p->seed, &bytes);
        p->jpeg_bytes += bytes;
    }
    p->pages++;
    /* the logo top right, above the running header (a4) or the first line */
    if (g->slide)
        show(cr, p->logo, g->pw - 56 - 60, 11, 60, 24);
    else
        show(cr, p->logo, g->pw - 72 - 50, 12, 50, 20);
    uint64_t seed = seed_of(g->name, g->page), r = seed;
    if (rnd(&r) % 100 >= PICTURE_SHARE)
        return;
    double room = g->bottom - (g->text_end + 10), x, y, w, h, fade = 0;
    if (room >= ROOM_MIN) { /* below the text */
        h = room < (g->slide ? 300 : 280) ? room : (g->slide ? 300 : 280);
        w = h * 1.8 < g->width ? h * 1.8 : g->width;
        x = g->left + (g->width - w) / 2;
        y = g->text_end + 10;
    } else if (g->slide) { /* behind the text, the right part of the slide */
        w = 380;
        h = 250;
        x = g->left + g->width - w;
        y = g->top + (g->bottom - g->top - h) / 2;
        fade = 0.75;
    } else { /* behind the text, the foot of the page */
        w = g->width;
        h = 240;
        x = g->left;
        y = g->bottom - h;
        fade = 0.75;
    }
    /* little text for the picture's area: a smaller one, or none */
    double k = sqrt((double)g->text_chars / (CHARS_PER_SQIN * w * h / (72.0 * 72.0)));
    if (k < 0.5)
        return;
    if (k < 1) {
        x += w * (1 - k) / 2;
        y += h * (1 - k) / 2;
        w *= k;
        h *= k;
    }
    cairo_surface_t *s = picture(rnd(&r), w, h, fade, &bytes);
    show(cr, s, x, y, w, h);
    cairo_surface_destroy(s);
    p->with_picture++;
    p->jpeg_bytes += bytes;
}

void mk_pictures_free(mk_pictures *p, const char *name)
{
    if (!p)
        return;
    fprintf(stderr, "sk-mkcorpus: %s: %d of %d pages with a picture, %lu kB of JPEG\n", name,
            p->with_picture, p->pages, p->jpeg_bytes / 1024);
    if (p->logo)
        cairo_surface_destroy(p->logo);
    free(p);
}
