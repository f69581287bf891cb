/* sk-mkscans: make scanned meeting papers for saksok's test corpus: pages of
 * text rendered as a paper scan would look (grayscale JPEG at 200-300 dpi,
 * slightly skewed, paper tone, noise, specks, a scanner edge shadow, a
 * signature), wrapped in A4 PDFs; optionally beside typed pages with a real
 * text layer. Deterministic: same input, same bytes.
 *
 * Usage:
 *   sk-mkscans pdf [-t TITLE] [-a AUTHOR] [-c CREATOR] [-d YYYY-MM-DDThh:mm:ss]
 *                  OUT.pdf PAGE...
 *       PAGE is  scan:DPI:SKEW_DEG:SEED:FILE   a scanned page (image only)
 *           or   text:FILE                     a typed page (real text layer)
 *   sk-mkscans junk OUT.pdf SEED
 *       one A4 page of invisible (PDF text render mode 3) junk text, as a
 *       scanner's poor OCR leaves it; laid over a scan with qpdf --overlay.
 *
 * Page text files: UTF-8, one line per line. "# " starts a heading line
 * (bold, larger), "* " a bold line, "~ " a signature line (a pen scribble
 * is drawn above it); an empty line is vertical space. The known text of a
 * page (for OCR accuracy) is the file without these markers.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h> /* before jpeglib.h, which needs FILE */

#include <cairo-pdf.h>
#include <cairo.h>
#include <jpeglib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

#define A4_W 595.276
#define A4_H 841.89
#define MARGIN_L 72.0
#define MARGIN_T 64.0

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "sk-mkscans: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

/* ---- deterministic randomness -------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rnd01(void)
{
    return (double)(rnd() >> 11) / (double)(1ull << 53);
}

static double rnd_gauss(void)
{
    double u = rnd01(), v = rnd01();
    if (u < 1e-12)
        u = 1e-12;
    return sqrt(-2 * log(u)) * cos(2 * PI * v);
}

/* ---- page text ------------------------------------------------------------ */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", path);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Draw the page's lines; y in pt from the top. Signature lines get a
 * scribble above them when scribble is set. */
static void draw_text(cairo_t *cr, const char *text, const char *family, int scribble)
{
    PangoLayout *lay = pango_cairo_create_layout(cr);
    pango_layout_set_width(lay, (int)((A4_W - 2 * MARGIN_L) * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
    double y = MARGIN_T;
    const char *p = text;
    while (*p) {
        size_t k = strcspn(p, "\n");
        char *line = strndup(p, k);
        p += k;
        if (*p == '\n')
            p++;
        double size = 11.5, after = 3;
        PangoWeight weight = PANGO_WEIGHT_NORMAL;
        const char *t = line;
        int sig = 0;
        if (strncmp(t, "# ", 2) == 0) {
            t += 2;
            size = 16;
            weight = PANGO_WEIGHT_BOLD;
            after = 10;
        } else if (strncmp(t, "* ", 2) == 0) {
            t += 2;
            weight = PANGO_WEIGHT_BOLD;
        } else if (strncmp(t, "~ ", 2) == 0) {
            t += 2;
            sig = 1;
        }
        if (*t == '\0') {
            y += 10;
            free(line);
            continue;
        }
        if (sig) {
            y += 30;
            if (scribble) { /* a quick pen signature above the line */
                cairo_save(cr);
                cairo_set_line_width(cr, 1.1);
                double x = MARGIN_L + 6, yy = y - 6;
                cairo_move_to(cr, x, yy);
                for (int i = 0; i < 9; i++) {
                    double dx = 8 + 14 * rnd01(), up = 6 + 20 * rnd01();
                    cairo_curve_to(cr, x + dx * 1.1, yy - up, x - dx * 0.2, yy - up * 0.8, x + dx,
                                   yy - 2 + 6 * rnd01());
                    x += dx;
                }
                cairo_stroke(cr);
                cairo_restore(cr);
            }
            cairo_move_to(cr, MARGIN_L, y);
            cairo_line_to(cr, MARGIN_L + 190, y);
            cairo_set_line_width(cr, 0.6);
            cairo_stroke(cr);
            y += 2;
        }
        PangoFontDescription *fd = pango_font_description_from_string(family);
        pango_font_description_set_size(fd, (int)(size * PANGO_SCALE));
        pango_font_description_set_weight(fd, weight);
        pango_layout_set_font_description(lay, fd);
        pango_font_description_free(fd);
        pango_layout_set_text(lay, t, -1);
        cairo_move_to(cr, MARGIN_L, y);
        pango_cairo_show_layout(cr, lay);
        int w, h;
        pango_layout_get_size(lay, &w, &h);
        y += (double)h / PANGO_SCALE + after;
        free(line);
    }
    g_object_unref(lay);
}

/* ---- a scanned page ------------------------------------------------------- */

typedef struct jpeg_out {
    unsigned char *data;
    unsigned long len;
} jpeg_out;

static void encode_jpeg(jpeg_out *out, const unsigned char *gray, int w, int h, int dpi)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    out->data = NULL;
    out->len = 0;
    jpeg_mem_dest(&c, &out->data, &out->len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 38, TRUE);
    c.optimize_coding = TRUE;
    c.density_unit = 1; /* dots per inch */
    c.X_density = c.Y_density = (UINT16)dpi;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(gray + (size_t)c.next_scanline * (size_t)w);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
}

/* Render FILE's text as a scan: returns an RGB24 surface with the JPEG
 * attached as its MIME data (the PDF embeds the JPEG, DCTDecode). */
static cairo_surface_t *scan_page(const char *file, int dpi, double skew_deg, uint64_t seed)
{
    rng_state = seed;
    char *text = read_file(file);
    int w = (int)lround(A4_W / 72.0 * dpi), h = (int)lround(A4_H / 72.0 * dpi);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    /* the sheet lies a little askew and off-centre on the glass */
    cairo_translate(cr, A4_W / 2 + 3 * rnd_gauss(), A4_H / 2 + 3 * rnd_gauss());
    cairo_rotate(cr, skew_deg * PI / 180.0);
    cairo_translate(cr, -A4_W / 2, -A4_H / 2);
    cairo_set_source_rgb(cr, 0.08, 0.08, 0.1);
    draw_text(cr, text, "Liberation Serif", 1);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    free(text);

    /* to gray, with paper tone, toner unevenness, noise, specks, edge shadow */
    unsigned char *g = malloc((size_t)w * (size_t)h);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    double paper = 238 + 6 * rnd01(), toner = 0.85 + 0.1 * rnd01();
    int edge = (int)(dpi * 0.06); /* a dark band where the lid did not cover */
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)y * (size_t)stride);
        double shade = 1.0 - 0.04 * (double)y / h; /* lamp falls off a little */
        for (int x = 0; x < w; x++) {
            double ink = 1.0 - (double)(row[x] & 0xFF) / 255.0; /* 0 paper .. 1 ink */
            double v = paper * shade * (1 - ink * toner) + 0.8 * rnd_gauss();
            if (x < edge)
                v *= 0.35 + 0.65 * (double)x / edge;
            g[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
    long specks = (long)((double)w * h * 4e-5);
    for (long i = 0; i < specks; i++) {
        int x = (int)(rnd01() * (w - 3)), y = (int)(rnd01() * (h - 3)), r = rnd01() < 0.8 ? 1 : 2;
        for (int dy = 0; dy < r; dy++)
            for (int dx = 0; dx < r; dx++)
                g[(size_t)(y + dy) * (size_t)w + (size_t)(x + dx)] = (unsigned char)(60 * rnd01());
    }

    jpeg_out jo;
    encode_jpeg(&jo, g, w, h, dpi);
    /* the surface cairo paints from (ignored by the PDF backend, which embeds
     * the JPEG; used for a preview) */
    unsigned char *dd = cairo_image_surface_get_data(s);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(void *)(dd + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = g[(size_t)y * (size_t)w + (size_t)x];
            row[x] = (v << 16) | (v << 8) | v;
        }
    }
    cairo_surface_mark_dirty(s);
    free(g);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, jo.data, jo.len, free, jo.data);
    fprintf(stderr, "sk-mkscans: %s: %dx%d px at %d dpi, skew %.1f°, JPEG %lu KB\n", file, w, h,
            dpi, skew_deg, jo.len / 1024);
    return s;
}

/* ---- PDFs ----------------------------------------------------------------- */

static int cmd_pdf(int argc, char **argv)
{
    const char *title = NULL, *author = NULL, *creator = NULL, *date = NULL;
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i += 2) {
        if (i + 1 >= argc)
            die("option needs a value", argv[i]);
        switch (argv[i][1]) {
        case 't': title = argv[i + 1]; break;
        case 'a': author = argv[i + 1]; break;
        case 'c': creator = argv[i + 1]; break;
        case 'd': date = argv[i + 1]; break;
        default: die("unknown option", argv[i]);
        }
    }
    if (argc - i < 2)
        die("usage: sk-mkscans pdf [-t T] [-a A] [-c C] [-d D] OUT.pdf PAGE...", NULL);
    const char *out = argv[i++];
    cairo_surface_t *pdf = cairo_pdf_surface_create(out, A4_W, A4_H);
    if (title)
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, title);
    if (author)
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, author);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, creator ? creator : "");
    if (date) {
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
    cairo_t *cr = cairo_create(pdf);
    for (; i < argc; i++) {
        const char *spec = argv[i];
        if (strncmp(spec, "text:", 5) == 0) {
            char *text = read_file(spec + 5);
            cairo_set_source_rgb(cr, 0, 0, 0);
            draw_text(cr, text, "Carlito", 0);
            free(text);
        } else if (strncmp(spec, "scan:", 5) == 0) {
            int dpi = 0, seed = 0, n = 0;
            double skew = 0;
            if (sscanf(spec + 5, "%d:%lf:%d:%n", &dpi, &skew, &seed, &n) != 3 || n == 0 ||
                dpi < 72 || dpi > 600)
                die("bad page spec", spec);
            cairo_surface_t *img = scan_page(spec + 5 + n, dpi, skew, (uint64_t)seed);
            cairo_save(cr);
            cairo_scale(cr, 72.0 / dpi, 72.0 / dpi);
            cairo_set_source_surface(cr, img, 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
            cairo_surface_destroy(img);
        } else {
            die("bad page spec (scan:DPI:SKEW:SEED:FILE or text:FILE)", spec);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    if (cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
        die("cannot write", out);
    cairo_surface_destroy(pdf);
    return 0;
}

/* Junk as an old scanner's OCR leaves it: short runs of letters, digits and
 * symbols, few of them words. */
static void junk_token(char *out, size_t size)
{
    static const char set[] = "iIl1|!.,:;'`~-_^*#%&@()[]{}<>/\\rnmuvwxzqjtfk0O8B";
    size_t n = 1 + (size_t)(rnd01() * 6);
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = set[(size_t)(rnd01() * (sizeof set - 1))];
    out[n] = '\0';
}

/* A hand-written one-page PDF: Helvetica, text render mode 3 (invisible). */
static int cmd_junk(int argc, char **argv)
{
    if (argc != 2)
        die("usage: sk-mkscans junk OUT.pdf SEED", NULL);
    rng_state = strtoull(argv[1], NULL, 10);
    char content[32768];
    size_t len = 0;
    len += (size_t)snprintf(content + len, sizeof content - len, "BT\n3 Tr\n/F1 9 Tf\n");
    for (double y = A4_H - MARGIN_T - 12; y > 90; y -= 15.5) {
        len += (size_t)snprintf(content + len, sizeof content - len, "1 0 0 1 %.1f %.1f Tm\n(",
                                MARGIN_L + 4 * rnd01(), y);
        int words = 4 + (int)(rnd01() * 9);
        for (int k = 0; k < words; k++) {
            char tok[16];
            junk_token(tok, sizeof tok);
            for (char *c = tok; *c; c++) {
                if (*c == '(' || *c == ')' || *c == '\\')
                    content[len++] = '\\';
                content[len++] = *c;
            }
            content[len++] = ' ';
        }
        len += (size_t)snprintf(content + len, sizeof content - len, ") Tj\n");
    }
    len += (size_t)snprintf(content + len, sizeof content - len, "ET\n");

    FILE *f = fopen(argv[0], "wb");
    if (!f)
        die("cannot write", argv[0]);
    long off[6];
    fprintf(f, "%%PDF-1.4\n%%\xE2\xE3\xCF\xD3\n");
    off[1] = ftell(f);
    fprintf(f, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    off[2] = ftell(f);
    fprintf(f, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    off[3] = ftell(f);
    fprintf(f,
            "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Resources << "
            "/Font << /F1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n",
            A4_W, A4_H);
    off[4] = ftell(f);
    fprintf(f, "4 0 obj\n<< /Length %zu >>\nstream\n", len);
    fwrite(content, 1, len, f);
    fprintf(f, "endstream\nendobj\n");
    off[5] = ftell(f);
    fprintf(f, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
               "/WinAnsiEncoding >>\nendobj\n");
    long xref = ftell(f);
    fprintf(f, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
    if (fclose(f) != 0)
        die("cannot write", argv[0]);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "pdf") == 0)
        return cmd_pdf(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "junk") == 0)
        return cmd_junk(argc - 2, argv + 2);
    die("usage: sk-mkscans pdf|junk ...", NULL);
    return 1;
}
