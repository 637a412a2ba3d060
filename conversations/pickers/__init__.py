"""Reusable steps: find a person's time zone, choose a time of day."""
