"""Vietnamese text helpers shared by the Rasa components and the app (stdlib only)."""
