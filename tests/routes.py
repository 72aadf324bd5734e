"""Every route of the app as a concrete path, for tests that must cover the whole URL map (headers,
fuzzing): a new route is covered the day it is added, with sample values chosen by converter and name."""

from __future__ import annotations

import re
import uuid

_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def concrete_paths(app, samples: dict[str, str]) -> list[tuple[str, str, set[str]]]:
    """(endpoint, path, methods) for every rule but static; arguments come from ``samples`` by name,
    else a random UUID for ``uuid``, 1 for ``int``, and "x" for anything else."""
    by_converter = {"uuid": lambda: str(uuid.uuid4()), "int": lambda: "1"}
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue

        def value(match: re.Match) -> str:
            if match["name"] in samples:
                return samples[match["name"]]
            return by_converter.get(match["converter"], lambda: "x")()

        paths.append((rule.endpoint, _ARGUMENT.sub(value, rule.rule), set(rule.methods) - {"HEAD", "OPTIONS"}))
    return paths
