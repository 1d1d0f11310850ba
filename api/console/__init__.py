"""Officer console (/console): accounts, sessions, the queue, live chat, the audit API.

Accounts are created from the command line: ``python -m api.console create-officer USERNAME``.
"""
