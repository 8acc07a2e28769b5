"""The architecture as a test: ui -> store -> core, the core headless, slow imports lazy."""

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "mockloop"
# A layer may import only lower ones; config and failures sit between the core and the store.
ORDER = {"core": 0, "config": 1, "failures": 1, "store": 2, "ui": 3, "cli": 4}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "mockloop" and parts[1] in ORDER else None


def test_dependencies_point_one_way():
    bad = []
    for path in PKG.rglob("*.py"):
        own = layer_of("mockloop." + path.relative_to(PKG).parts[0].removesuffix(".py"))
        if own is None:
            continue
        for mod in imports_of(path):
            other = layer_of(mod)
            if other is not None and other != own and ORDER[other] >= ORDER[own]:
                bad.append(f"{path.relative_to(PKG)} imports {mod}")
    assert bad == []


def test_core_never_names_textual_or_sqlmodel():
    for path in (PKG / "core").rglob("*.py"):
        for mod in imports_of(path):
            root = mod.split(".")[0]
            assert root not in {"textual", "sqlmodel", "sqlalchemy"}, f"{path.name} imports {mod}"


def test_importing_the_core_and_store_loads_no_slow_or_native_module():
    code = (
        "import sys, pkgutil, importlib, mockloop.core, mockloop.store\n"
        "for pkg in (mockloop.core, mockloop.store):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "import mockloop.cli, mockloop.config\n"
        "bad = {'textual', 'sounddevice', 'faster_whisper', 'ctranslate2'} & set(sys.modules)\n"
        "print(sorted(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_modules_stay_small():
    big = {p.name: n for p in PKG.rglob("*.py") if (n := len(p.read_text().splitlines())) > 300}
    assert big == {}
