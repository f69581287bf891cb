/* fields.h: the names of a result's facets and of its sections' roles, one
 * table each, for every front end (JSON, text, the search page, --stats).
 */
#ifndef SAKSOK_FIELDS_H
#define SAKSOK_FIELDS_H

#ifdef __cplusplus
extern "C" {
#endif

/* The facets (sk_results.facets), in the order of the JSON's "facets". */
enum { SK_FACET_BODY, SK_FACET_YEAR, SK_FACET_TYPE, SK_N_FACETS };

typedef struct sk_facet_names {
    const char *name;  /* in the JSON and as the search page's parameter: "body" */
    const char *title; /* its heading on the search page: "Organ" */
} sk_facet_names;

extern const sk_facet_names sk_facets[SK_N_FACETS];

/* A section's role (segment.h's sk_role) and how each output names it.
 * NULL: the output says nothing of that role. */
typedef struct sk_role_names {
    const char *name;       /* in the index and the JSON: "minutes" */
    const char *text;       /* after a hit in the text output: "referat" */
    const char *page;       /* beside a hit on the search page: "Referat" */
    const char *story_page; /* a timeline entry on the story page: "Referat" */
    const char *story_text; /* a timeline entry of the story as text: "referat" */
} sk_role_names;

#define SK_N_ROLES 5
/* case, agenda, minutes, mention, page: the order of --stats's "sections" */
extern const sk_role_names sk_roles[SK_N_ROLES];

/* The row of the role called name; NULL for NULL or a name not in it. */
const sk_role_names *sk_role_find(const char *name);

#ifdef __cplusplus
}
#endif

#endif
