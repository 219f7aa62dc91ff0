# PyTorch modules through eie.import_torch (torch.onnx.export, offline), compiled for x86 and
# compared with torch: small CNNs with non-square inputs, asymmetric padding, ceil-mode pooling,
# groups, residual adds, concatenation, BatchNorm (folded, and standalone), and torchvision's
# ResNet-18 and AlexNet with random weights. utils/check-torchvision-models.py adds VGG-16.
# REQUIRES: python-bindings, torch, torchvision
# RUN: %PYTHON %s | FileCheck %s

import numpy as np
import torch
import torch.nn as nn
import torchvision

import eie

torch.manual_seed(0)


def check(name, model, shape, **compile_options):
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        reference = model(x).numpy()
    module = eie.import_torch(model, x)
    forward = eie.compile_x86(module, **compile_options)
    y = forward(x.numpy())
    error = float(np.max(np.abs(y - reference)))
    scale = float(np.max(np.abs(reference)))
    relative = error / scale
    print("%s: shape %s, max abs error %.2e, relative %.2e: %s"
          % (name, tuple(y.shape), error, relative,
             "ok" if relative <= 1e-4 else "MISMATCH"))
    return module


class Branches(nn.Module):
    """Asymmetric padding, groups, ceil-mode pooling, a residual add, a
    concatenation and a BatchNorm that follows no convolution."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 0, 2, 1))
        self.conv1 = nn.Conv2d(3, 8, 3, stride=(1, 2))
        self.bn1 = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.grouped = nn.Conv2d(8, 8, 3, padding=1, groups=4)
        self.branch = nn.Conv2d(8, 4, 1)
        self.bn2 = nn.BatchNorm2d(12)
        self.avg = nn.AvgPool2d(2, ceil_mode=True)
        self.fc = nn.Linear(12 * 6 * 2, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(self.pad(x)))))
        x = torch.relu(x + self.grouped(x))
        x = torch.cat([x, self.branch(x)], dim=1)
        x = self.avg(self.bn2(torch.relu(x)))
        return torch.softmax(self.fc(torch.flatten(x, 1)), dim=1)


def randomize_batch_norms(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)
    return model


module = check("branches", randomize_batch_norms(Branches()), (2, 3, 23, 19))
# CHECK: branches: shape (2, 10), max abs error {{.*}}: ok
ops = module.text()
print("ops:", sorted({op for op in ("cnn.add", "cnn.concat", "cnn.batch_norm", "cnn.conv2d",
                                    "cnn.max_pool2d", "cnn.avg_pool2d", "cnn.softmax", "cnn.fc")
                      if op in ops}))
# CHECK: ops: ['cnn.add', 'cnn.avg_pool2d', 'cnn.batch_norm', 'cnn.concat', 'cnn.conv2d', 'cnn.fc', 'cnn.max_pool2d', 'cnn.softmax']
print("one batch_norm left:", ops.count("cnn.batch_norm"))
# CHECK: one batch_norm left: 1

resnet = check("resnet18", randomize_batch_norms(torchvision.models.resnet18()), (1, 3, 224, 224))
# CHECK: resnet18: shape (1, 1000), max abs error {{.*}}: ok
print("resnet18 batch norms folded:", "cnn.batch_norm" not in resnet.text(large_elements_limit=0))
# CHECK: resnet18 batch norms folded: True
alexnet = check("alexnet", torchvision.models.alexnet(), (1, 3, 224, 224))
# CHECK: alexnet: shape (1, 1000), max abs error {{.*}}: ok

# Imported networks go through the blocking model and the compression passes like our own.
reports = eie.optimize_blocking(alexnet, arch="asic-3level")
print("alexnet blocked layers:", len(reports))
# CHECK: alexnet blocked layers: 8
compressed, storage = eie.compress(alexnet, 0.1, bits=4, pes=64)
print("alexnet compressed fc layers:", len(storage["layers"]))
# CHECK: alexnet compressed fc layers: 3

# The accelerator part of the compressed AlexNet (fc6 to fc8) as an EIE instruction stream, run on
# the simulator with fc6's input.
stream = eie.compile_eie(compressed)
outputs, report = eie.simulate(stream, np.random.default_rng(0).random(9216, dtype=np.float32))
print("alexnet on the simulator:", outputs.shape, [layer["name"] for layer in report["layers"]])
# CHECK: alexnet on the simulator: (1, 1000) ['{{.*}}', '{{.*}}', '{{.*}}']
