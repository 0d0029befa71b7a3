"""cmark-gfm without the memory leak of ``cmarkgfm.markdown_to_html_with_extensions``.

cmarkgfm 2025.10.22 never frees the parsed document nor the HTML buffer it
renders (cmark leaves both to the caller), so every call leaks about the size
of the page: a build worker grew by ~2 MB per village. This module drives the
same C functions through cmarkgfm's own bindings and frees both with
``cmark_node_free`` and the C allocator's ``free`` (found in the same library).
The output is byte-identical to cmarkgfm's wrapper.
"""

from __future__ import annotations

import ctypes

from cmarkgfm import _cmark

_ffi, _lib = _cmark.ffi, _cmark.lib
_so = ctypes.CDLL(_cmark.__file__)
_node_free = _so.cmark_node_free
_node_free.argtypes = [ctypes.c_void_p]
_node_free.restype = None
_libc_free = ctypes.CDLL(None).free
_libc_free.argtypes = [ctypes.c_void_p]
_libc_free.restype = None


def _address(pointer: object) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


def markdown_to_html(text: str, options: int, extensions: list[str]) -> str:
    """Render ``text`` with the named GFM extensions, freeing every C buffer."""
    _lib.cmark_gfm_core_extensions_ensure_registered()
    found = []
    for name in extensions:
        extension = _lib.cmark_find_syntax_extension(name.encode())
        if extension == _ffi.NULL:
            raise ValueError(f"Unknown extension {name}")
        found.append(extension)
    parser = _lib.cmark_parser_new(options)
    try:
        for extension in found:
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        encoded = text.encode("utf-8")
        _lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = _lib.cmark_parser_finish(parser)
        try:
            raw = _lib.cmark_render_html(root, options,
                                         _lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return _ffi.string(raw).decode("utf-8")
            finally:
                _libc_free(_address(raw))
        finally:
            _node_free(_address(root))
    finally:
        _lib.cmark_parser_free(parser)
