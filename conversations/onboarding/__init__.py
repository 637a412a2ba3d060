"""Meeting Small Steps: welcome, consent, time zone, daily check-in time."""

from conversations.onboarding.flow import build

__all__ = ["build"]
