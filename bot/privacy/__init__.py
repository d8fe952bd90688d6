"""Data protection: the CPR guard, identifier warnings, encryption keys, export, forgetting and
the audit log (PRIVACY.md)."""
