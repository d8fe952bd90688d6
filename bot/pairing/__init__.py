"""Fixed buddy pairs: the pure rotation, rounds stored once per period, announcements."""
