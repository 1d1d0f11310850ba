"""Guided form filling: declarative forms (knowledge/forms), validation and a pure engine.

The engine keeps its whole state in a JSON-able dict (stored in a Rasa slot), so a form
can be stopped, interrupted and resumed at any time.
"""
