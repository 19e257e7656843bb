/*
 * QR symbols from text with libqrencode (D4: the plate's QR carries an
 * HTTPS URL).
 *
 * libqrencode's QRcode_encodeString() accepts only QR_MODE_8 or
 * QR_MODE_KANJI as its mode hint (any other hint fails with EINVAL), so
 * alphanumeric mode is requested by building the input by hand: one
 * QR_MODE_AN segment in a QRinput.
 *
 * That input is encoded by libqrencode with its mask 0, and the mask is
 * then chosen by qr_mask_choose (qr_mask.c), which scores the eight masks
 * by libqrencode's own rules in a tenth of the time: the symbol is the one
 * QRcode_encodeInput() would make, module for module.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qr_internal.h"

/* Longest text any QR symbol holds (version 40-L, numeric mode). */
#define QR_TEXT_MAX 7089

/* 1 if c is in the QR alphanumeric set: 0-9 A-Z space $ % * + - . / : */
static int is_alnum_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c != '\0' && strchr(" $%*+-./:", c) != NULL);
}

/* 1 if every one of the n bytes of s is in the alphanumeric set. */
static int is_alnum_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_alnum_char((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Maps libqrencode's level. */
static QRecLevel to_qrenc_level(qr_level level)
{
    switch (level) {
    case QR_LEVEL_L: return QR_ECLEVEL_L;
    case QR_LEVEL_M: return QR_ECLEVEL_M;
    case QR_LEVEL_Q: return QR_ECLEVEL_Q;
    default:         return QR_ECLEVEL_H;
    }
}

/* libqrencode's encoder with a given mask (0-7; -1 chooses).  Exported by
 * libqrencode.so.4 (Debian's libqrencode4 symbols file lists it since
 * 3.2.0) but declared only in the library's internal qrencode_inner.h. */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);

/* Encodes the n alphanumeric-set bytes of text as one QR_MODE_AN segment
 * at the smallest version that fits, masked as QRcode_encodeInput() masks
 * it.  Returns the QRcode (free with QRcode_free) or NULL with errno set
 * by libqrencode. */
static QRcode *encode_alnum(const char *text, size_t n, QRecLevel level, qr_level ours)
{
    QRinput *input = QRinput_new2(0, level);
    if (!input)
        return NULL;
    QRcode *code = NULL;
    if (QRinput_append(input, QR_MODE_AN, (int)n,
                       (const unsigned char *)text) == 0) {
        code = QRcode_encodeMask(input, 0);
        if (code && qr_mask_choose(code->data, code->width, ours) < 0) {
            QRcode_free(code); /* wider than qr_mask_choose takes */
            code = QRcode_encodeInput(input);
        }
    }
    int saved = errno;
    QRinput_free(input);
    errno = saved;
    return code;
}

/* See qr.h.  Details: text is 1..7089 bytes (QR_EINVAL if empty,
 * QR_EENCODE if longer or if it does not fit even version 40 at this
 * level); level must be one of qr_level (QR_EINVAL otherwise).  Text
 * outside the alphanumeric set goes through QRcode_encodeString(text, 0,
 * level, QR_MODE_8, 1), whose splitter may still put runs of digits in
 * numeric segments; its bytes are encoded as they are, with no ECI header,
 * so keep to ASCII (a URL).  *out is zeroed first, so qr_symbol_free(out)
 * is safe after any return; on QR_OK the caller owns out->dark. */
int qr_encode(const char *text, qr_level level, qr_symbol *out)
{
    if (!out)
        return QR_EINVAL;
    memset(out, 0, sizeof *out);
    if (!text || (unsigned)level > (unsigned)QR_LEVEL_H)
        return QR_EINVAL;
    size_t n = strnlen(text, QR_TEXT_MAX + 1);
    if (n == 0)
        return QR_EINVAL;
    if (n > QR_TEXT_MAX)
        return QR_EENCODE;

    QRecLevel lv = to_qrenc_level(level);
    errno = 0;
    QRcode *code = is_alnum_text(text, n)
        ? encode_alnum(text, n, lv, level)
        : QRcode_encodeString(text, 0, lv, QR_MODE_8, 1);
    if (!code)
        return errno == ENOMEM ? QR_ENOMEM : QR_EENCODE;

    /* The modules in place: libqrencode's data array (malloc'd, freed by
     * QRcode_free with free) becomes out->dark, its bit 0 the colour. */
    size_t cells = (size_t)code->width * (size_t)code->width;
    unsigned char *dark = code->data;
    code->data = NULL;
    for (size_t i = 0; i < cells; i++)
        dark[i] &= 1u;
    out->width = code->width;
    out->version = code->version;
    out->dark = dark;
    QRcode_free(code);
    return QR_OK;
}

/* See qr.h.  Frees sym->dark and zeroes *sym; NULL is a no-op. */
void qr_symbol_free(qr_symbol *sym)
{
    if (!sym)
        return;
    free(sym->dark);
    memset(sym, 0, sizeof *sym);
}

/* See qr_internal.h. */
int qr_symbol_ok(const qr_symbol *sym)
{
    return sym && sym->dark && sym->width >= 21 && sym->width <= 177;
}
