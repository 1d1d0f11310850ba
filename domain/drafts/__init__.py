"""Drafts of declarations filled in the chat, citizens' remembered profiles, the filled PDF.

The form engine (bot/forms) collects the answers; this package stores them, tells the
citizen which papers to attach and where to submit, and prints the declaration.
"""
