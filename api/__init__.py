"""FastAPI app in front of the Rasa server: chat, understanding, knowledge, consoles."""
