"""Every flow, in the order the composition root registers them (onboarding first, so
`/start` always reaches it). Adding a flow means one package exporting a `Flow`, and one line
here."""

from __future__ import annotations

from conversations import (
    erase,
    feel,
    history,
    note,
    onboarding,
    reframe,
    safetyplan,
    setback,
    settings,
    win,
)
from conversations.common.flows import Flow

FLOWS: tuple[Flow, ...] = (
    onboarding.FLOW,
    settings.FLOW,
    erase.FLOW,
    feel.FLOW,
    win.FLOW,
    reframe.FLOW,
    note.FLOW,
    setback.FLOW,
    history.EDIT_FLOW,
    safetyplan.FLOW,
)
