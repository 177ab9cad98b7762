"""tools/check_layers.py: passes on the repository, and catches upward and same-layer includes."""
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("TRIPLINE_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
SCRIPT = ROOT / "tools" / "check_layers.py"


def run(root):
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True)


class CheckLayersTest(unittest.TestCase):
    def test_repository_is_layered(self):
        proc = run(ROOT)
        self.assertEqual(proc.returncode, 0, proc.stdout)

    def tree(self, files):
        tmp = tempfile.TemporaryDirectory()
        for rel, text in files.items():
            path = pathlib.Path(tmp.name) / "src" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return tmp

    def test_upward_include_fails(self):
        with self.tree({"base/a.h": '#include "app/engine.h"\n'}) as tmp:
            proc = run(tmp)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("base/a.h:1: base (layer 0) includes app (layer 7): upward include", proc.stdout)

    def test_same_layer_include_fails(self):
        with self.tree({"bus/a.cpp": '\n#include "notify/topic.h"\n'}) as tmp:
            proc = run(tmp)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("bus/a.cpp:2: bus includes notify of the same layer", proc.stdout)

    def test_pure_module_cannot_use_threads(self):
        with self.tree({"pattern/a.cpp": '#include <thread>\n'}) as tmp:
            proc = run(tmp)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("pure module 'pattern'", proc.stdout)

    def test_downward_include_passes(self):
        with self.tree({"app/a.cpp": '#include "base/result.h"\n#include "app/b.h"\n'}) as tmp:
            self.assertEqual(run(tmp).returncode, 0)


if __name__ == "__main__":
    unittest.main()
