"""What every flow shares: texts, typed button payloads, replies and fallbacks."""
