"""The Flask JSON API and the server-rendered search pages."""
