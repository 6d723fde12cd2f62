"""Switching the user-interface language: our gettext catalogs, Qt's own strings and the locale."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sslbill_desktop.services import i18n

#: Each language's own name, so the chooser needs no locale data at start-up.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ru": "Русский"}

_qt_translator: QTranslator | None = None


def language_choices() -> list[tuple[str, str]]:
    """(code, own name) for every language with a catalog."""
    return [(code, LANGUAGE_NAMES.get(code) or i18n.language_name(code)) for code in i18n.SUPPORTED_LANGUAGES]


def system_language() -> str:
    """The operating system's language when we have a catalog for it, else English."""
    code = QLocale.system().name().split("_")[0]
    return code if code in i18n.SUPPORTED_LANGUAGES else i18n.DEFAULT_LANGUAGE


def apply_language(code: str) -> str:
    """Activate `code` for our texts, Qt's standard texts and number formats; returns the one used."""
    global _qt_translator
    i18n.set_language(code)
    active = i18n.babel_locale()
    QLocale.setDefault(QLocale(active))
    app = QCoreApplication.instance()
    if app is None:
        return i18n.current_language()
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if active != "en":
        translator = QTranslator(app)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{active}", directory):
            app.installTranslator(translator)
            _qt_translator = translator
    return i18n.current_language()
