/* fields.c: the names of facets and roles (see include/saksok/query/fields.h). */
#include "saksok/query/fields.h"

#include <stddef.h>
#include <string.h>

const sk_facet_names sk_facets[SK_N_FACETS] = {
    [SK_FACET_BODY] = {"body", "Organ"},
    [SK_FACET_YEAR] = {"year", "År"},
    [SK_FACET_TYPE] = {"type", "Sakstype"},
};

const sk_role_names sk_roles[SK_N_ROLES] = {
    {"case", NULL, NULL, "Saksdokument", "saksdokument"},
    {"agenda", "dagsorden", "Saksliste", "Saksliste", "dagsorden"},
    {"minutes", "referat", "Referat", "Referat", "referat"},
    {"mention", "omtalt", "Omtale", NULL, NULL},
    {"page", NULL, NULL, NULL, NULL},
};

const sk_role_names *sk_role_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < SK_N_ROLES; i++)
        if (strcmp(sk_roles[i].name, name) == 0)
            return &sk_roles[i];
    return NULL;
}
