"""The architecture as a test: ui -> usecases -> store -> core, the core headless, slow imports
lazy, every function short and simple, and the formatter on everywhere."""

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "mockloop"
# A layer may import only lower ones; config and failures sit between the core and the store.
ORDER = {"core": 0, "config": 1, "failures": 1, "store": 2, "usecases": 3, "ui": 4, "cli": 5}
MAX_FUNCTION_LINES = 50
WORST_COMPLEXITY = "C"  # radon's rank: D and worse are refused
MAX_FMT_SKIPS = 10


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
        "import sys, pkgutil, importlib, mockloop.core, mockloop.store, mockloop.usecases\n"
        "for pkg in (mockloop.core, mockloop.store, mockloop.usecases):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import mockloop.cli, mockloop.config\n"
        "bad = {'textual', 'sounddevice', 'faster_whisper', 'ctranslate2'} & set(sys.modules)\n"
        "print(sorted(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_functions_stay_short():
    """A function budget instead of a file ceiling: a module is as long as its job needs."""
    long = []
    for path in PKG.rglob("*.py"):
        for fn in _functions(ast.parse(path.read_text())):
            lines = (fn.end_lineno or fn.lineno) - fn.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                long.append(f"{path.relative_to(PKG)}:{fn.lineno} {fn.name} ({lines} lines)")
    assert long == []


def test_no_function_is_rated_d_or_worse_by_radon():
    from radon.complexity import cc_rank, cc_visit

    worse = [
        f"{path.relative_to(PKG)}:{block.lineno} {block.name} ({cc_rank(block.complexity)})"
        for path in PKG.rglob("*.py")
        for block in cc_visit(path.read_text())
        if cc_rank(block.complexity) > WORST_COMPLEXITY
    ]
    assert worse == []


def test_the_formatter_is_switched_off_rarely_and_always_with_a_reason():
    root = PKG.parent
    skips = []
    for folder in ("mockloop", "tests", "benchmarks", "scripts"):
        for path in (root / folder).rglob("*.py"):
            lines = path.read_text().splitlines()
            for i, line in enumerate(lines):
                if line.rstrip().endswith("# fmt: skip"):
                    reason = lines[i - 1].strip() if i else ""
                    skips.append((f"{path.relative_to(root)}:{i + 1}", reason.startswith("#")))
    assert len(skips) <= MAX_FMT_SKIPS, skips
    assert [where for where, has_reason in skips if not has_reason] == []


def test_the_ui_opens_no_session_and_reaches_no_services():
    """Screens get what they need from the use cases (ui/host.py), never the database."""
    found = [
        f"{path.relative_to(PKG)}:{n}"
        for path in (PKG / "ui").rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "Session(" in line or ".services" in line
    ]
    assert found == []


def test_what_draws_home_imports_no_orm():
    """Home's first paint: the app, its flow and Home itself come up without SQLAlchemy (the
    database is opened once Home is drawn)."""
    code = (
        "import sys, mockloop.cli, mockloop.cli.context, mockloop.cli.tui, mockloop.ui.app\n"
        "import mockloop.ui.screens.home\n"
        "print(sorted({'sqlalchemy', 'sqlmodel', 'faster_whisper'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_view_overrides_a_private_textual_method_by_accident():
    """A screen's own `_render_content` once replaced Textual's method of that name: every
    paint redrew the block, which asked for another paint (a loop at full CPU). Private names
    shared with Textual's classes are allowed only where overriding is the point."""
    import importlib
    import inspect
    import pkgutil

    import mockloop.ui.dialogs
    import mockloop.ui.screens
    import mockloop.ui.widgets
    from mockloop.ui import app

    meant = {"_handle_exception"}  # the app's crash handler
    modules = [app] + [
        importlib.import_module(f"{pkg.__name__}.{m.name}")
        for pkg in (mockloop.ui.screens, mockloop.ui.widgets, mockloop.ui.dialogs)
        for m in pkgutil.iter_modules(pkg.__path__)
    ]
    clashes = []
    for module in modules:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            textual = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
            for attr, value in cls.__dict__.items():
                private = attr.startswith("_") and not attr.startswith("__")
                if not private or not callable(value) or attr in meant:
                    continue
                if any(attr in b.__dict__ for b in textual):
                    clashes.append(f"{module.__name__}.{name}.{attr}")
    assert clashes == []
