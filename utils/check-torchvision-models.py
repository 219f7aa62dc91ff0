#!/usr/bin/env python3
"""Imports torchvision's AlexNet, VGG-16 and ResNet-18 (random weights, nothing
is downloaded) with eie.import_torch, compiles them for x86 and compares the
outputs with torch's; prints the import, compile and run times and the largest
error relative to the largest output. Too slow for CI with VGG-16 (the lit test
test/python/torch-models.py runs AlexNet and ResNet-18).

  PYTHONPATH=build/python_packages utils/check-torchvision-models.py [names...]
"""

import sys
import time

import numpy as np
import torch
import torchvision

import eie

MODELS = {
    "alexnet": torchvision.models.alexnet,
    "vgg16": torchvision.models.vgg16,
    "resnet18": torchvision.models.resnet18,
}


def main(names):
    torch.manual_seed(0)
    worst = 0.0
    for name in names or MODELS:
        model = MODELS[name]().eval()
        x = torch.randn(1, 3, 224, 224)
        with torch.no_grad():
            reference = model(x).numpy()
        start = time.time()
        module = eie.import_torch(model, x)
        imported = time.time()
        forward = eie.compile_x86(module)
        compiled = time.time()
        y = forward(x.numpy())
        ran = time.time()
        relative = float(np.max(np.abs(y - reference)) /
                         np.max(np.abs(reference)))
        worst = max(worst, relative)
        print("%s: import %.1f s, compile %.1f s, run %.2f s, max error / "
              "max |output| = %.2e: %s" % (
                  name, imported - start, compiled - imported, ran - compiled,
                  relative, "ok" if relative <= 1e-4 else "MISMATCH"))
        sys.stdout.flush()
    return 0 if worst <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
