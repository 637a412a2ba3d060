"""The weekly "look how far you've come" digest: data, message and chart."""

from bot.digest.chart import chart_caption, render_chart
from bot.digest.compute import Digest, build_digest
from bot.digest.render import render_digest

__all__ = ["Digest", "build_digest", "chart_caption", "render_chart", "render_digest"]
