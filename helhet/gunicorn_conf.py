"""gunicorn's configuration for Helhet: ``gunicorn -c python:helhet.gunicorn_conf helhet.wsgi``.

Other settings (workers, bind, timeouts) stay on the command line or in ``GUNICORN_CMD_ARGS``.

What it changes: gunicorn writes ``Server: gunicorn`` on every response (HTTP/1 and HTTP/2) and
puts ``gunicorn/<version>`` in the WSGI environ's SERVER_SOFTWARE. Neither can be switched off by
a setting; both are module globals that ``gunicorn.http.wsgi`` reads for every response (gunicorn
23–27: ``Response.__init__`` sets ``self.version = SERVER``), so this file, which gunicorn imports
before it starts its workers, replaces them with a value that names no product and no version.
See docs/decisions/0015-security-headers.md.
"""

from __future__ import annotations

import gunicorn
import gunicorn.http.wsgi

# The same neutral value the development server sends (helhet.core.security_headers). Kept as a
# literal so this file does not import Django before gunicorn has loaded the application.
SERVER_HEADER = "Helhet"

gunicorn.SERVER = SERVER_HEADER
gunicorn.SERVER_SOFTWARE = SERVER_HEADER
gunicorn.http.wsgi.SERVER = SERVER_HEADER
gunicorn.http.wsgi.SERVER_SOFTWARE = SERVER_HEADER

# The application, so that ``gunicorn -c python:helhet.gunicorn_conf`` alone serves Helhet.
wsgi_app = "helhet.wsgi:application"
