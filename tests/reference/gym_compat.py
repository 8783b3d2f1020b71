"""Imports gymnasium's MuJoCo environments in the setup venv.

scripts/setup installs plain `gymnasium`, not `gymnasium[mujoco]`, so two packages that only
gymnasium's *renderer* uses are missing: `imageio` (saving frames) and `packaging` (comparing
MuJoCo versions to pick a legacy rendering mode). Importing gymnasium.envs.mujoco fails without
them even though stepping never touches them. When they are absent we register minimal stand-ins
that are enough for the import; rendering stays unavailable, physics is untouched.
"""
import importlib.util
import sys
import types


def _version_tuple(text):
    parts = []
    for piece in str(text).split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


class _Version:
    def __init__(self, text):
        self.key = _version_tuple(text)

    def __lt__(self, other):
        return self.key < other.key

    def __ge__(self, other):
        return self.key >= other.key


def install_stand_ins():
    """Registers stand-ins for the renderer-only modules that are not installed."""
    stubbed = []
    if importlib.util.find_spec("imageio") is None:
        sys.modules["imageio"] = types.ModuleType("imageio")
        stubbed.append("imageio")
    if importlib.util.find_spec("packaging") is None:
        pkg = types.ModuleType("packaging")
        ver = types.ModuleType("packaging.version")
        ver.Version = _Version
        pkg.version = ver
        sys.modules["packaging"] = pkg
        sys.modules["packaging.version"] = ver
        stubbed.append("packaging")
    return stubbed


install_stand_ins()
