"""The officers' improvement loop: citizen feedback, the unanswered-questions desk, reviewed
training data, statistics and the audit of officers' changes (Alembic branch "feedback")."""
