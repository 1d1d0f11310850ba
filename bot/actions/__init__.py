"""rasa-sdk custom actions, one module per concern; served by the app at /webhook."""
