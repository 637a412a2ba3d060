"""`/safetyplan`: a personal safety plan in seven sections, in the person's own words."""

from conversations.safetyplan.flow import FLOW, build

__all__ = ["FLOW", "build"]
