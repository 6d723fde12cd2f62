"""Print how complete each translation catalog is; `--strict` fails on anything left to do.

Usage: python scripts/catalog_status.py [--strict] [LOCALES_DIR]
English needs no translations (the source texts are English); every other language must have
each message translated, none fuzzy, every `{placeholder}` kept and as many `&` accelerators as the
source. A source text that Babel takes for a %-format (such as "50% of") is reported too: `pybabel
compile` rejects its translations, so reword the source (the project formats with `{placeholders}`).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"{(\w*)(?:[:!][^}]*)?}")
_ACCELERATOR = re.compile(r"&(?!&)")


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def accelerators(text: str) -> int:
    """How many `&` mark a keyboard accelerator (`&&` is a literal ampersand)."""
    return len(_ACCELERATOR.findall(text.replace("&&", "")))


@dataclass
class Status:
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    broken_placeholders: list[str] = field(default_factory=list)
    broken_accelerators: list[str] = field(default_factory=list)
    percent_formats: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (
            self.fuzzy
            or self.untranslated
            or self.broken_placeholders
            or self.broken_accelerators
            or self.percent_formats
        )


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def check(catalog: Catalog, language: str) -> Status:
    status = Status(language)
    for message in catalog:
        if not message.id:
            continue
        status.total += 1
        ids, strings = _ids(message), _strings(message)
        label = ids[0]
        if message.fuzzy:
            status.fuzzy.append(label)
        if not all(strings):
            if language != SOURCE_LANGUAGE:
                status.untranslated.append(label)
            continue
        status.translated += 1
        expected = set().union(*(placeholders(i) for i in ids))
        if any(placeholders(s) != expected for s in strings):
            status.broken_placeholders.append(label)
        if language != SOURCE_LANGUAGE:
            if any(accelerators(s) != accelerators(ids[0]) for s in strings):
                status.broken_accelerators.append(label)
            if "python-format" in message.flags:
                status.percent_formats.append(label)
    return status


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def catalogs(locales: Path) -> list[tuple[str, Path]]:
    return [(p.parent.parent.name, p) for p in sorted(locales.glob("*/LC_MESSAGES/messages.po"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locales", nargs="?", type=Path, default=Path("locales"))
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every catalog is complete")
    args = parser.parse_args(argv)
    ok = True
    for language, path in catalogs(args.locales):
        status = check(read_catalog(path, language), language)
        print(
            f"{language}: {status.translated}/{status.total} translated, {len(status.fuzzy)} fuzzy, "
            f"{len(status.untranslated)} untranslated, "
            f"{len(status.broken_placeholders)} with broken placeholders, "
            f"{len(status.broken_accelerators)} with broken accelerators, "
            f"{len(status.percent_formats)} taken for %-formats"
        )
        for title, items in (
            ("fuzzy", status.fuzzy),
            ("untranslated", status.untranslated),
            ("placeholders differ", status.broken_placeholders),
            ("accelerators differ", status.broken_accelerators),
            ("taken for a %-format (reword the source)", status.percent_formats),
        ):
            for item in items[:20]:
                print(f"  {title}: {item!r}")
            if len(items) > 20:
                print(f"  ... and {len(items) - 20} more {title}")
        ok = ok and ((language == SOURCE_LANGUAGE and not status.broken_placeholders) or status.complete)
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
