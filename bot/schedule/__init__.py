"""Daily prompts and weekly digests: when they are due, and the tick that sends them."""
