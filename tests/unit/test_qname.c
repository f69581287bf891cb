/* test_qname.c: persons' names in fields of the papers (actor.h) and in a
 * query's plain words (qname.h). */
#include "testutil.h"

#include "saksok/structure/actor.h"
#include "saksok/query/qname.h"

/* The names of a field, joined by "|", words by " ". */
static const char *names_of(const char *field)
{
    static char buf[256];
    sk_actor_name nm[8];
    size_t n = sk_actor_names(nm, 8, field, strlen(field)), o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nm[i].n_words; k++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%.*s",
                                  k   ? " "
                                  : i ? "|"
                                      : "",
                                  (int)nm[i].len[k], field + nm[i].start[k]);
    return buf;
}

static void actor__names_in_fields(void **state)
{
    (void)state;
    static const struct {
        const char *field, *names;
    } cases[] = {
        {"Karl Vestli Direktoratet for e-helse", "Karl Vestli"},
        {"Rune Røren, Direktoratet for e-helse", "Rune Røren"},
        {"Anne Kristin Einarsrud og Helge Bjertnæs", "Anne Kristin Einarsrud|Helge Bjertnæs"},
        {"Jon Helge Andersen og Hans Löwe Larsen Direktoratet for e-helse",
         "Jon Helge Andersen|Hans Löwe Larsen"},
        {"Jon Gupta, Helse Sør-Øst RHF", "Jon Gupta"},
        {"Wenche P. Dehli", "Wenche P. Dehli"},
        {"Morten Fronth-Andersen", "Morten Fronth-Andersen"},
        {"Kari", "Kari"}, /* a first name alone is the whole field */
        {"(Kari)", "Kari"},
        {"Direktoratet for e-helse", ""}, /* an organisation names nobody */
        {"Helse Vest RHF", ""},
        {"KS", ""},
        {"Møte 4/20", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (strcmp(names_of(cases[i].field), cases[i].names) != 0)
            fail_msg("'%s': names '%s', want '%s'", cases[i].field, names_of(cases[i].field),
                     cases[i].names);
    assert_true(sk_actor_only_names("Anne Kristin Einarsrud og Helge Bjertnæs", 40));
    const char *org = "Direktoratet for e-helse";
    assert_false(sk_actor_only_names(org, strlen(org)));
    assert_false(sk_actor_only_names("Kari", 4)); /* one word: no evidence of a person */
    assert_true(sk_actor_capitalised("Øyvind", strlen("Øyvind")));
    assert_false(sk_actor_capitalised("øyvind", strlen("øyvind")));
}

/* The index of these tests: actors' name words, and first names given alone. */
static int known(const char *word, size_t len, int first_only, void *payload)
{
    (void)payload;
    static const char *const words[] = {"kari",   "hansen", "nordmann", "karl",
                                        "vestli", "hans",   "larsen"};
    if (first_only)
        return len == 4 && strncasecmp(word, "Siri", 4) == 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == len && strncasecmp(word, words[i], len) == 0)
            return 1;
    return 0;
}

/* The name read anywhere in query: "first+n", or "" for none. */
static const char *name_in(const char *query)
{
    static char buf[64];
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, query);
    for (size_t i = 0; i < n; i++) {
        sk_qname nm;
        if (sk_qname_read(&nm, w, n, i, known, NULL)) {
            const sk_qword *last = &w[nm.first + nm.n - 1];
            snprintf(buf, sizeof buf, "%.*s%s", (int)(last->s + last->len - w[nm.first].s),
                     w[nm.first].s, nm.first_only ? " (first only)" : "");
            return buf;
        }
    }
    return "";
}

static void qname__names_in_queries(void **state)
{
    (void)state;
    static const struct {
        const char *query, *name;
    } cases[] = {
        {"karl vestli", "karl vestli"}, /* lower case, as staff type */
        {"saker Karl Vestli har lagt frem", "Karl Vestli"},
        {"Kari Nordmann", "Kari Nordmann"}, /* without the middle name */
        {"kari hansen nordmann budsjett", "kari hansen nordmann"},
        {"Kari Kristine Nordmann", "Kari Kristine Nordmann"}, /* a middle name the index lacks */
        {"hans larsen", "hans larsen"},                       /* "hans" is also a stop word */
        {"Vestli", "Vestli"},                                 /* one word, written as a name */
        {"Siri Nordmann", "Siri Nordmann (first only)"},      /* "(Siri)" in an agenda row */
        {"vestli", ""},                                       /* one word in lower case: a word */
        {"karl budsjett", ""},
        {"KARL VESTLI", ""},         /* acronyms are not names */
        {"\"karl vestli\"", ""},     /* a phrase is left alone */
        {"person: karl vestli", ""}, /* so is a field */
        {"siri nordmann", ""},       /* a first name alone needs its capital */
        {"Kari 2021", "Kari"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (strcmp(name_in(cases[i].query), cases[i].name) != 0)
            fail_msg("'%s': name '%s', want '%s'", cases[i].query, name_in(cases[i].query),
                     cases[i].name);
    sk_qword w[SK_QWORD_MAX];
    size_t n = sk_qwords(w, SK_QWORD_MAX, "Siri Nordmann");
    sk_qname nm;
    assert_int_equal(sk_qname_read(&nm, w, n, 0, known, NULL), 2);
    assert_true(nm.first_only);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(actor__names_in_fields),
        cmocka_unit_test(qname__names_in_queries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
