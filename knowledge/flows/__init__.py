"""Form and guide definitions (data in knowledge/forms, knowledge/guides) and their checks."""
