"""The sparring request: its form, its service (the life of a request), routing, delivery,
rendering, reminders and retention, with its Block Kit builders."""
