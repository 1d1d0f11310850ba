"""The audit trace of what the bot DID (../shared/contract/trace.md): events recorded by the
code that does each thing, at the moment it does it, and the contract's `summary` built from them.
"""
from domain.audit.record import (
    ACCOUNT_GUIDES,
    FORM_STAGES,
    HANDOFF_KINDS,
    HANDOFF_REASONS,
    PROCEDURE_VIAS,
    REFUSAL_KINDS,
    account_guidance,
    active_procedure,
    form_state,
    handoff,
    procedure_identified,
    refusal,
    status_disclosed,
)
from domain.audit.summary import build_summary

__all__ = [
    "ACCOUNT_GUIDES", "FORM_STAGES", "HANDOFF_KINDS", "HANDOFF_REASONS", "PROCEDURE_VIAS", "REFUSAL_KINDS",
    "account_guidance", "active_procedure", "build_summary", "form_state", "handoff", "procedure_identified",
    "refusal", "status_disclosed",
]
