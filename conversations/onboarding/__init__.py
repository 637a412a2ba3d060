"""Meeting Small Steps: welcome, consent, time zone, daily check-in time."""

from conversations.onboarding.flow import FLOW, build

__all__ = ["FLOW", "build"]
