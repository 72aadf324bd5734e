"""The readability measure beside the easy-read fields (readability.py, on textstat 0.7.8)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import version

from partnership_hub.readability import measure, plain_text, sentences_of


def test_plain_short_sentences_are_easy():
    result = measure("- We can help you.\n- Call us **today**.\n- It is free.")
    assert result.sentences == 3 and result.words == 10
    assert result.reading_ease >= 80 and result.verdict == "Easy to read" and result.is_easy
    assert result.long_sentences == [] and result.hard_words == []


def test_long_sentences_and_hard_words_are_listed():
    long = ("If you are worried that a child you know is being groomed online you can report it to the police "
            "or to the national crime agency today.")
    result = measure(f"Tell someone. {long}\nThe organisation investigates exploitation.")
    assert result.long_sentences == [long]
    assert {"organisation", "exploitation", "investigates"} <= set(result.hard_words)
    assert "someone" not in result.hard_words  # two syllables: an everyday word
    assert not result.is_easy and result.verdict in ("Hard to read", "Very hard to read", "Fairly hard to read")


def test_markdown_is_read_as_the_resident_reads_it():
    assert plain_text("## Help\n1. Call [Childline](https://www.childline.org.uk/) *now*") == "Help\nCall Childline now"
    assert sentences_of("One. Two!\n\nThree") == ["One.", "Two!", "Three"]
    assert plain_text("{phone} Call us.") == " Call us."


def test_nothing_to_measure():
    assert measure(None) is None and measure("") is None and measure("  \n- \n") is None


def test_the_pinned_textstat_works_offline():
    """textstat 0.7.9 and later download NLTK data when first used; 0.7.8 must not touch the network."""
    assert version("textstat") == "0.7.8"
    script = textwrap.dedent("""
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access during the readability measure")

        socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from partnership_hub.readability import measure
        result = measure("The partnership investigates exploitation. Call us today.")
        print(result.reading_ease, result.hard_words)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "NLTK_DATA": "/nonexistent", "HOME": "/nonexistent"})
    assert done.returncode == 0, done.stderr
    assert "exploitation" in done.stdout
