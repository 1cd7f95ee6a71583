"""The layers of docs/architecture.md, checked on the code itself: nothing imports upward
(at the top of a module or inside a function), and the migrations depend downward only."""

import ast
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[1]
# Each layer and the layers it may import (besides itself and third-party code).
LAYERS = {
    "operations": set(),
    "budgetnotes": {"operations"},
    "initiatives": {"budgetnotes", "operations"},
    "documents": {"budgetnotes", "initiatives", "operations"},
    "config": {"budgetnotes", "initiatives", "documents", "operations"},
}


def imported_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


@pytest.mark.parametrize("layer", LAYERS)
def test_nothing_imports_upward(layer):
    allowed = {layer, *LAYERS[layer]}
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        for package, line in imported_packages(path)
        if package in LAYERS and package not in allowed
    ]
    assert not upward, "\n".join(upward)


def test_migrations_depend_downward_only():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    upward = [
        f"{app}.{name} depends on {dependency}.{target}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in LAYERS
        for dependency, target in migration.dependencies
        if dependency in LAYERS and dependency not in {app, *LAYERS[app]}
    ]
    assert not upward, upward


def test_the_layers_are_installed_bottom_up():
    from django.conf import settings

    ours = [app for app in settings.INSTALLED_APPS if app in LAYERS]
    assert ours == list(LAYERS)
