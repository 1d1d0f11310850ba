"""A stored draft as the API and the chat present it: lines, papers, where to submit, PDF link."""
from __future__ import annotations

from domain.drafts import store
from domain.drafts.access import pdf_path
from domain.drafts.guidance import papers_to_attach, where_to_submit
from domain.drafts.models import Draft
from domain.drafts.schemas import DraftLine, DraftOut, SubmissionOut
from domain.services import Services


def describe_draft(draft: Draft, services: Services, *, with_link: bool) -> DraftOut:
    """`with_link`: include the owner's signed PDF link (only in answers to the owner)."""
    form = store.find_form(draft.procedure_code)
    record = services.catalogue().get(draft.procedure_code)
    submission = where_to_submit(record, services.settings.portal_url)
    return DraftOut(
        code=draft.code, form_code=draft.procedure_code, title=draft.title, created_at=draft.created_at,
        values=draft.values, lines=[DraftLine(**line) for line in draft.lines],
        papers=papers_to_attach(form, record, draft.values),
        submission=SubmissionOut(online=submission.online, online_url=submission.online_url,
                                 desk=submission.desk, text=submission.text),
        pdf_url=pdf_path(services.settings, draft.code, draft.sender_id) if with_link else None,
    )
