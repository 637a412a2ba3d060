"""Each update once, state before speech: the update pipeline.

`inbox` keeps fetched updates until handled; `application` handles each once, saves the state it
led to and then sends the replies `outbox` queued; `persistence` writes conversation state to the
store; `retry` is the one retry policy for every send; `errors` is the error handler; `webhook` is
webhook mode's server. `pipeline.mmd` draws the path of one update.
"""
