"""Settings → Message templates: the e-mails sent to clients (e.g. the service activation notice)."""

from __future__ import annotations

from sslbill_desktop.services.i18n import N_
from sslbill_desktop.services.templates import TemplateKind
from sslbill_desktop.views.lists.templates import TemplatePage


class MessageTemplatePage(TemplatePage):
    kind = TemplateKind.MESSAGE
    subject_title = N_("Subject")
