"""Settings → Document templates: documents a client agrees to or receives (the service agreement)."""

from __future__ import annotations

from sslbill_desktop.services.i18n import N_
from sslbill_desktop.services.templates import TemplateKind
from sslbill_desktop.views.lists.templates import TemplatePage


class DocumentTemplatePage(TemplatePage):
    kind = TemplateKind.DOCUMENT
    subject_title = N_("Title")
