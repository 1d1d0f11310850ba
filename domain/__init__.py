"""Business rules and their storage: dossiers, drafts, handoff."""
