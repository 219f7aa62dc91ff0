# -*- Python -*-
# The GoogleTest binaries of unittests/, run one test case per lit test.
import os

import lit.formats

config.name = "EIE-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.eie_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest("bin", "Tests")
