"""The direction of imports between the three packages, checked on the source.

`bot` is the runtime, `conversations` the flows, `fake_telegram` the Bot API double. Flows use the
runtime but never the composition root or try mode; the runtime knows the flows only through
the composition root (`bot.app`), the command line (`bot.__main__`) and try mode; only try mode
runs the double; the double knows nothing of the bot.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "conversations", "fake_telegram")
# The modules allowed to import the flows, and the one allowed to import the double.
WIRING = frozenset({"bot.app", "bot.__main__", "bot.try_mode"})
TRY_MODE = frozenset({"bot.try_mode", "bot.try_texts"})


def imported_names(source: str) -> set[str]:
    """Every module a source file may import, anywhere in it (lazy imports included).

    `from a.b import c` counts as both `a.b` and `a.b.c`, since `c` may be a module.
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the three packages, with what it imports."""
    return {
        _module_name(path): imported_names(path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def _breaches(imports: dict[str, set[str]], importer: str, target: str) -> list[str]:
    """`module -> import` pairs where a module in `importer` imports something in `target`."""
    return sorted(
        f"{module} -> {name}"
        for module, names in imports.items()
        if _in(module, importer)
        for name in names
        if _in(name, target)
    )


def test_the_scan_sees_every_form_of_import() -> None:
    source = (
        "import bot.app\n"
        "from bot import try_mode\n"
        "from . import sibling\n"
        "def later():\n"
        "    from fake_telegram.server import FakeTelegram\n"
    )
    names = imported_names(source)
    assert {"bot.app", "bot.try_mode", "fake_telegram.server"} <= names
    assert not any(name.endswith("sibling") for name in names)


def test_the_scan_covers_the_packages() -> None:
    imports = _imports()
    assert {"bot.app", "bot.__main__", "conversations.menu", "fake_telegram.server"} <= set(imports)
    assert any(_in(name, "conversations") for name in imports["bot.app"])
    assert any(_in(name, "fake_telegram") for name in imports["bot.try_mode"])


def test_flows_never_import_the_composition_root_or_try_mode() -> None:
    imports = _imports()
    forbidden = [
        breach
        for target in (*WIRING, *TRY_MODE, "fake_telegram")
        for breach in _breaches(imports, "conversations", target)
    ]
    assert forbidden == []


def test_only_the_wiring_imports_the_flows() -> None:
    breaches = [
        breach
        for breach in _breaches(_imports(), "bot", "conversations")
        if breach.split(" -> ")[0] not in WIRING
    ]
    assert breaches == []


def test_only_try_mode_runs_the_double() -> None:
    breaches = [
        breach
        for breach in _breaches(_imports(), "bot", "fake_telegram")
        if breach.split(" -> ")[0] not in TRY_MODE
    ]
    assert breaches == []


def test_the_double_knows_nothing_of_the_bot() -> None:
    imports = _imports()
    assert _breaches(imports, "fake_telegram", "bot") == []
    assert _breaches(imports, "fake_telegram", "conversations") == []
