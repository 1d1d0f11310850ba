"""Channels: Telegram, Zalo Official Account and the web chat, one conversation router behind them.

Each platform's update becomes one channel-neutral `Envelope`; the `Dispatcher` handles
envelopes in the background, in order per conversation, after a fast webhook answer;
replies (the router's `BotMessage` list) are rendered back within each platform's limits.
"""
