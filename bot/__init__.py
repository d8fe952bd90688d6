"""Sparring's application core: capability packages (requests, teams, pairing, home) on Slack
plumbing (slack) and core plumbing (core); the app factory, the scheduler and the CLI."""
