"""Cross-cutting HTTP concerns: CSRF, security headers, error pages in Indonesian."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

MESSAGES = {
    400: "Permintaan tidak dapat diproses.",
    403: "Anda tidak berhak membuka halaman ini.",
    404: "Halaman tidak ditemukan.",
    405: "Cara membuka halaman ini tidak diizinkan.",
    413: "Berkas atau isian terlalu besar.",
    429: "Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.",
    500: "Terjadi kesalahan pada editor. Coba lagi; bila terulang, hubungi admin kabupaten.",
}


def security_headers(response: Response) -> Response:
    """A CSP without 'unsafe-inline', and no sniffing, framing or leaking referrers."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register CSRF protection, headers and error pages."""
    csrf.init_app(app)
    app.after_request(security_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        # The posted text is shown back (escaped) so it can be copied, never saved.
        body = request.form.get("body", "") if request.form else ""
        title = request.form.get("title", "") if request.form else ""
        return render_template("expired.html", body=body, title=title), 400

    for code, message in MESSAGES.items():
        def handler(error: Exception, code: int = code, message: str = message
                    ) -> tuple[str, int]:
            return render_template("error.html", code=code, message=message), code
        app.register_error_handler(code, handler)
