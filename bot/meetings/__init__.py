"""The team meeting: its time, its queue of cases, and the agenda."""
