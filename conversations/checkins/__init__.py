"""Daily check-ins and weekly digests as the person meets them: buttons and commands."""
