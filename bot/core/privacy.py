"""Kept so older imports work; the CPR guard lives in bot/privacy/cpr.py."""

from bot.privacy.cpr import contains_cpr

__all__ = ["contains_cpr"]
