"""Package list for setuptools; everything else is declared in pyproject.toml.

replaydom's own subpackages are found on disk (a new one is never left out of the wheel); the
mapped packages come from `[tool.setuptools.package-dir]`, which says where each one lives in the
repository (player/, vendor/rrweb/, skills/, the demo fixture).
"""

from setuptools import find_packages, setup

MAPPED = [
    "replaydom.player",
    "replaydom.player.rrweb",
    "replaydom._skill.replaydom",
    "replaydom._skill.replaydom.references",
    "replaydom._demo",
]

setup(packages=[*find_packages(include=["replaydom", "replaydom.*"]), *MAPPED])
