#ifndef ATELIERS_CZLIB_SHIM_H
#define ATELIERS_CZLIB_SHIM_H

#include <zlib.h>

/// `deflateInit2` is a macro; this one starts a gzip (not zlib) stream: window bits 15 + 16.
static inline int ateliers_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// `inflateInit2` is a macro; this one reads a gzip stream only (window bits 15 + 16).
static inline int ateliers_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
