#!/usr/bin/env python3
"""Fixtures for io.github.advent.entropy.weights (WeightFilesTest & co).

Regenerate (Debian's PyTorch 1.13 + numpy, no safetensors package needed):

    cd shared-entropy/src/test/resources/weights && /usr/bin/python3 make_weight_fixtures.py

Writes, next to this script:
  resnet_zip.pth          torch.save default (zip) of a small hand-built ResNet-style state dict
  resnet_legacy.pth       same, _use_new_zipfile_serialization=False (pre-1.6 stream format)
  resnet.npz              np.savez of the same tensors (the transposed view is saved Fortran-order)
  resnet.safetensors      same tensors, written by the tiny safetensors writer below
  nested_checkpoint.pth   {'state_dict': <the state dict>, 'epoch': 3, 'optimizer_name': 'sgd'}
  double.pth              a float32 tensor then a float64 'fc.weight' (must be refused)
  npy_layouts.npz         np.savez_compressed: Fortran-order, big-endian, scalar and 1-d arrays
  three.safetensors       3 tensors (F32, F16, I64) + metadata, byte-identical to what the Java
                          SafetensorsWriter writes for the same input (compact JSON, crc32 first)
  expected.json           every file's tensors: name, dtype, shape and all values (C order)

Output is deterministic except resnet_legacy.pth, whose storage keys are CPython object ids
(the tensors it holds are the same every run).

`make_weight_fixtures.py --check FILE.safetensors` reads a safetensors file with the reader below,
verifies its crc32 metadata and prints one JSON line per tensor; the Java test uses it, when a
python3 with numpy is present, to show Python can read what Java wrote.
"""
import collections
import json
import os
import struct
import sys
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

ST_DTYPES = {np.dtype('<f4'): 'F32', np.dtype('<f2'): 'F16', np.dtype('<i8'): 'I64'}
ST_NUMPY = {v: k for k, v in ST_DTYPES.items()}


def write_safetensors(path, tensors, metadata=None, with_crc=False):
    """tensors: ordered {name: numpy array}; data laid out in that order, no gaps."""
    header = {}
    if metadata is not None or with_crc:
        meta = {}
        blobs = b''.join(np.array(a, dtype=a.dtype.newbyteorder('<'), order='C').tobytes()
                         for a in tensors.values())
        if with_crc:
            meta['crc32'] = '%08x' % (zlib.crc32(blobs) & 0xffffffff)
        meta.update(metadata or {})
        header['__metadata__'] = meta
    offset = 0
    blobs = []
    for name, a in tensors.items():
        a = np.array(a, dtype=a.dtype.newbyteorder('<'), order='C')
        b = a.tobytes()
        header[name] = {'dtype': ST_DTYPES[a.dtype], 'shape': list(a.shape),
                        'data_offsets': [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n].decode('utf-8'), object_pairs_hook=collections.OrderedDict)
    data = raw[8 + n:]
    meta = header.pop('__metadata__', {})
    if 'crc32' in meta:
        actual = '%08x' % (zlib.crc32(data) & 0xffffffff)
        if actual != meta['crc32']:
            raise ValueError('crc32 mismatch: header %s, data %s' % (meta['crc32'], actual))
    out = collections.OrderedDict()
    for name, info in sorted(header.items(), key=lambda kv: kv[1]['data_offsets'][0]):
        b, e = info['data_offsets']
        dt = ST_NUMPY[info['dtype']]
        out[name] = np.frombuffer(data[b:e], dtype=dt).reshape(tuple(info['shape']))
    return meta, out


def describe(arr):
    a = np.asarray(arr)
    name = {'float32': 'float32', 'float16': 'float16', 'int64': 'int64', 'float64': 'float64'}[
        a.dtype.newbyteorder('=').name]
    values = [int(v) if a.dtype.kind == 'i' else float(v) for v in a.reshape(-1, order='C')]
    return {'dtype': name, 'shape': list(a.shape), 'values': values}


def expected_entries(named_arrays):
    return [dict(name=k, **describe(v)) for k, v in named_arrays.items()]


def generate():
    import torch
    import torch.nn as nn

    torch.manual_seed(1234)

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(4, 6, 3, bias=False)
            self.downsample = nn.Sequential(nn.Conv2d(4, 6, 1, bias=False), nn.BatchNorm2d(6))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 4, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(4)
            self.layer1 = nn.Sequential(Block())
            self.fc = nn.Linear(6, 3)

    net = Net()
    with torch.no_grad():
        for bn, steps in ((net.bn1, 7), (net.layer1[0].downsample[1], 11)):
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.normal_()
            bn.running_mean.normal_()
            bn.running_var.uniform_(0.5, 2.0)
            bn.num_batches_tracked.fill_(steps)

    sd = net.state_dict()  # OrderedDict with _metadata, as real checkpoints have
    # Extra tensors exercising dtype and storage layout cases.
    sd['extra.half'] = torch.randn(2, 3).half()
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.5
    sd['extra.transposed'] = base.t()                       # stride (1, 4): non-contiguous
    shared = torch.randn(10)
    sd['extra.shared_head'] = shared[:4]                     # offset 0 in a shared storage
    sd['extra.shared_tail'] = shared[4:].view(2, 3)          # offset 4 in the same storage
    sd['extra.every_third'] = torch.arange(12, dtype=torch.int64)[1::3]  # offset 1, stride 3
    assert not sd['extra.transposed'].is_contiguous()
    assert sd['extra.shared_head'].storage().data_ptr() == sd['extra.shared_tail'].storage().data_ptr()

    arrays = collections.OrderedDict((k, v.numpy()) for k, v in sd.items())

    torch.save(sd, os.path.join(HERE, 'resnet_zip.pth'))
    torch.save(sd, os.path.join(HERE, 'resnet_legacy.pth'), _use_new_zipfile_serialization=False)
    np.savez(os.path.join(HERE, 'resnet.npz'), **arrays)
    write_safetensors(os.path.join(HERE, 'resnet.safetensors'), arrays,
                      metadata={'format': 'pt', 'source': 'make_weight_fixtures.py'})

    nested = {'state_dict': sd, 'epoch': 3, 'optimizer_name': 'sgd'}
    torch.save(nested, os.path.join(HERE, 'nested_checkpoint.pth'))

    double = collections.OrderedDict()
    double['fc.bias'] = torch.zeros(2)
    double['fc.weight'] = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
    torch.save(double, os.path.join(HERE, 'double.pth'))

    rng = np.random.RandomState(7)
    layouts = collections.OrderedDict()
    layouts['fortran'] = np.asfortranarray(np.arange(24, dtype='<f4').reshape(2, 3, 4) / 4)
    layouts['big_f4'] = np.arange(6, dtype='>f4').reshape(2, 3) - 2.5
    layouts['big_i8'] = np.array([1, -2, 3 << 40], dtype='>i8')
    layouts['big_f2_fortran'] = np.asfortranarray(rng.randn(3, 2).astype('>f2'))
    layouts['scalar'] = np.array(42.5, dtype='<f4')
    layouts['vector'] = np.arange(5, dtype='<i8')
    layouts['empty'] = np.zeros((0, 3), dtype='<f4')
    assert layouts['fortran'].flags.f_contiguous and not layouts['fortran'].flags.c_contiguous
    np.savez_compressed(os.path.join(HERE, 'npy_layouts.npz'), **layouts)

    three = collections.OrderedDict()
    three['weight'] = (np.arange(6, dtype='<f4').reshape(2, 3) - 1.25)
    three['half'] = np.array([0.5, -2.0, 65504.0, 6.1035156e-05], dtype='<f2')
    three['steps'] = np.array([7, -1, 1 << 40], dtype='<i8')
    write_safetensors(os.path.join(HERE, 'three.safetensors'), three,
                      metadata={'epoch': '3', 'note': 'three tensors'}, with_crc=True)

    # expected.json: {"files": {file: {"set": S, "prefix": P}}, "sets": {S: [tensor, ...]}};
    # a file holds set S's tensors, in order, with P prepended to each name.
    files = collections.OrderedDict()
    for name in ('resnet_zip.pth', 'resnet_legacy.pth', 'resnet.npz', 'resnet.safetensors'):
        files[name] = {'set': 'resnet', 'prefix': ''}
    files['nested_checkpoint.pth'] = {'set': 'resnet', 'prefix': 'state_dict.'}
    files['npy_layouts.npz'] = {'set': 'layouts', 'prefix': ''}
    files['three.safetensors'] = {'set': 'three', 'prefix': ''}
    sets = collections.OrderedDict(
        [('resnet', arrays), ('layouts', layouts), ('three', three)])
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        f.write('{"files": %s,\n "sets": {' % json.dumps(files))
        for i, (set_name, named) in enumerate(sets.items()):
            f.write('%s\n  %s: [' % (',' if i else '', json.dumps(set_name)))
            lines = [json.dumps(e, separators=(',', ':')) for e in expected_entries(named)]
            f.write(',\n   '.join(lines) + ']')
        f.write('}}\n')

    # Self-check: the Python reader reads back what the Python writer wrote.
    meta, back = read_safetensors(os.path.join(HERE, 'resnet.safetensors'))
    assert list(back) == list(arrays) and meta['format'] == 'pt'
    for k in arrays:
        assert np.array_equal(back[k], arrays[k])


def check(path):
    meta, tensors = read_safetensors(path)
    print(json.dumps({'__metadata__': meta}))
    for name, a in tensors.items():
        print(json.dumps(dict(name=name, **describe(a))))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        check(sys.argv[2])
    else:
        generate()
