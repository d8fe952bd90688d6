"""Core plumbing with no Slack in it: settings, database, logs, errors, i18n, dates, periods, the
CPR guard."""
