/* Opening an import's file as rows: a CSV, or a shapefile's records (see
 * import_internal.h). */
#include <string.h>
#include <strings.h>

#include "import_internal.h"

/* See import_internal.h. */
int import_is_shp(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 4 && strcasecmp(path + n - 4, ".shp") == 0;
}

/* See import_internal.h. */
int import_open_rows(import_run *run, import_csv **out)
{
    if (!run || !out)
        return -1;
    *out = NULL;
    if (run->shape && import_is_shp(run->path))
        return import_shp_open(run, out);
    import_encoding enc;
    if (import_encoding_parse(run->opt->encoding, &enc) != 0) {
        fprintf(run->report, "%s: unknown encoding %s (auto, utf-8, gbk, gb18030)\n", run->path,
                run->opt->encoding);
        return 1;
    }
    char err[256] = "";
    if (import_csv_open_encoding(run->path, enc, out, err, sizeof err) != 0) {
        fprintf(run->report, "%s: %s\n", run->path, err);
        return -1;
    }
    if (enc == IMPORT_ENC_AUTO && import_csv_encoding(*out) == IMPORT_ENC_GB18030)
        import_report_warning(run, 1, "not valid UTF-8: read as GB18030 (GBK)",
                              "非 UTF-8 编码，按 GB18030（GBK）读取");
    return 0;
}
