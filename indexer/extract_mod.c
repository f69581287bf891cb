/* extract_mod.c: the module's one exported symbol (see include/saksok/extract_mod.h). */
#include "saksok/extract_mod.h"

__attribute__((visibility("default"))) const sk_extract_api *sk_extract_module_v2(void)
{
    static const sk_extract_api api = {sk_extract_file_opts, sk_ocr_free};
    return &api;
}
