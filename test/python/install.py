# `cmake --install` puts the eie package (extension and Python modules) under
# <prefix>/lib/python3.X/dist-packages, where the interpreter imports it without the build tree.
# REQUIRES: python-bindings
# RUN: rm -rf %t && mkdir -p %t
# RUN: %cmake --install %eie_obj_root --prefix %t/install > %t/install.log
# RUN: %PYTHON %s %t/install | FileCheck %s
# RUN: rm -rf %t

import glob
import os
import subprocess
import sys

prefix = sys.argv[1]
packages = glob.glob(os.path.join(prefix, "lib", "python3*", "dist-packages"))
print("installed:", sorted(os.listdir(os.path.join(packages[0], "eie"))))
# CHECK: installed: ['__init__.py', '_eie.{{.*}}.so', 'backend.py', 'deep_compression.py', 'onnx_importer.py', 'pictures.py', 'torch_importer.py']
check = """
import eie, numpy as np
print(eie.__file__)
m = eie.parse('func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {'
              ' %y = cnn.relu %x : tensor<4xf32> return %y : tensor<4xf32> }')
print(eie.compile_x86(m)(np.array([-1, 2, -3, 4], np.float32)))
"""
environment = dict(os.environ, PYTHONPATH=packages[0])
print(subprocess.run([sys.executable, "-c", check], env=environment, check=True,
                     capture_output=True, text=True).stdout)
# CHECK: {{.*}}/install/lib/python3{{.*}}/dist-packages/eie/__init__.py
# CHECK: [0. 2. 0. 4.]
