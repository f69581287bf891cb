/* ocr_data.h: is Tesseract's language data installed? Apart from ocr.h
 * because it needs no Tesseract (indexer/ocr_data.c is in saksok_core): the
 * indexer asks before it loads saksok-extract.so (extract_mod.h).
 */
#ifndef SAKSOK_OCR_DATA_H
#define SAKSOK_OCR_DATA_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when Tesseract has traineddata for lang ("nor"; "nor+eng" checks
 * each), in $TESSDATA_PREFIX or Tesseract's built-in data path; else 0.
 * NULL is "nor". Prints nothing. */
int sk_ocr_available(const char *lang);

#ifdef __cplusplus
}
#endif

#endif
