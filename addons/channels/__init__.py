"""Input channels for the Rasa server (loaded by module path from credentials.yml)."""
