"""Slack plumbing every capability shares: ids, clients, users, the outbox, event dedupe,
view-state readers, private metadata, button values, mrkdwn helpers and shared widgets."""
