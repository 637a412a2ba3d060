"""Texts the runtime itself sends (outside any flow)."""

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side. Nothing you saved is lost. "
    "Please try again, or send /cancel to start over."
)
