#!/usr/bin/env python3
"""Fails when a module includes a header of a module above it (docs/architecture.md, layer table).

A file in src/<module>/ may include its own module's headers and those of modules in lower layers.
Modules of the same layer may include each other only through an edge listed in SAME_LAYER_EDGES.
Usage: tools/check_layers.py [repo-root]; exit 1 with one line per violation.
"""
import pathlib
import re
import sys

LAYERS = {
    "base": 0,
    "json": 1,
    "event": 2,
    "pattern": 3, "transform": 3, "filter_pattern": 3, "scan": 3,
    "storage": 4, "query": 4, "awsclient": 4,
    "bus": 5, "notify": 5, "trail": 5, "logs": 5, "metrics": 5, "detect": 5, "insights": 5,
    "discover": 5, "ec2": 5, "kms": 5, "iam": 5, "secrets": 5, "athena": 5,
    "api": 6,
    "app": 7,
    "cli": 8,
}
# Same-layer dependencies that the design allows, as (includer, included).
SAME_LAYER_EDGES = {("secrets", "kms"),  # secret values are sealed with KMS keys
                    ("athena", "trail"),  # external tables read trail log files (gzip)
                    ("insights", "trail")}  # Insights follow the trails' insight selectors
PURE_MODULES = {"pattern", "transform", "filter_pattern", "scan"}
INCLUDE = re.compile(r'^[ \t]*#[ \t]*include\s+"([a-z_]+)/[^"]+"', re.M)
IMPURE_HEADERS = re.compile(r'^[ \t]*#[ \t]*include\s+<(thread|mutex|fstream|filesystem|chrono)>', re.M)


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    src = root / "src"
    problems = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cpp", ".hpp", ".cc"):
            continue
        module = path.relative_to(src).parts[0]
        if module not in LAYERS:
            problems.append(f"{path}: module '{module}' is not in the layer table")
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            if target == module or target not in LAYERS:
                continue
            line = text.count("\n", 0, match.start()) + 1
            if LAYERS[target] > LAYERS[module]:
                problems.append(f"{path}:{line}: {module} (layer {LAYERS[module]}) includes "
                                f"{target} (layer {LAYERS[target]}): upward include")
            elif LAYERS[target] == LAYERS[module] and (module, target) not in SAME_LAYER_EDGES:
                problems.append(f"{path}:{line}: {module} includes {target} of the same layer "
                                f"{LAYERS[module]} (allow it in SAME_LAYER_EDGES if intended)")
        if module in PURE_MODULES:
            for match in IMPURE_HEADERS.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path}:{line}: pure module '{module}' includes <{match.group(1)}>")
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)")
        return 1
    print("check_layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
