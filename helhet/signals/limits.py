"""How large an attendance file the upload page and the API take (the command has no limit)."""

from __future__ import annotations

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
