"""Print how complete each translation catalog is; `--strict` fails on anything left to do.

Usage: python scripts/catalog_status.py [--strict] [LOCALES_DIR]
English needs no translations (the source texts are English); every other language must have
each message translated, none fuzzy, and every `{placeholder}` kept.
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


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


@dataclass
class Status:
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    broken_placeholders: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.fuzzy or self.untranslated or self.broken_placeholders)


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
            f"{len(status.broken_placeholders)} with broken placeholders"
        )
        for title, items in (
            ("fuzzy", status.fuzzy),
            ("untranslated", status.untranslated),
            ("placeholders differ", status.broken_placeholders),
        ):
            for item in items[:20]:
                print(f"  {title}: {item!r}")
            if len(items) > 20:
                print(f"  ... and {len(items) - 20} more {title}")
        ok = ok and ((language == SOURCE_LANGUAGE and not status.broken_placeholders) or status.complete)
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
