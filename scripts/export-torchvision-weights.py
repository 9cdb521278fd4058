#!/usr/bin/env python3
"""Exports torchvision's ImageNet weights of VGG16 or ResNet18 to an .npz file that CoCoI loads.

The archive holds one float32 array per state_dict key (features.0.weight, layer1.0.conv1.weight,
bn1.running_mean, fc.bias, ...), the names CoCoI's loader expects. Batch norm stays unfolded: the
loader folds it into the preceding convolution.

Needs torch, torchvision and numpy, which this project does not install:
    pip install torch torchvision numpy
Usage:
    scripts/export-torchvision-weights.py vgg16 vgg16-imagenet.npz
    scripts/export-torchvision-weights.py resnet18 resnet18-imagenet.npz
"""
import argparse

import numpy as np
import torchvision

WEIGHTS = {
    "vgg16": ("vgg16", "VGG16_Weights"),
    "resnet18": ("resnet18", "ResNet18_Weights"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=sorted(WEIGHTS))
    parser.add_argument("output", help="the .npz file to write")
    args = parser.parse_args()

    builder_name, weights_name = WEIGHTS[args.model]
    weights = getattr(torchvision.models, weights_name).IMAGENET1K_V1
    model = getattr(torchvision.models, builder_name)(weights=weights).eval()

    arrays = {}
    for key, tensor in model.state_dict().items():
        # The batch norm step counter matters for training only; the loader would skip it anyway.
        if key.endswith("num_batches_tracked"):
            continue
        arrays[key] = tensor.detach().cpu().numpy().astype(np.float32)
    np.savez(args.output, **arrays)
    print(f"wrote {len(arrays)} arrays of {args.model} ({weights}) to {args.output}")


if __name__ == "__main__":
    main()
