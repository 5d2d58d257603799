"""Runs the official ONNX checker (Debian's python3-onnx) with shape inference on each file given.
Prints one line per file and exits non-zero if any fails. Used by test/checker.test.ts."""
import sys

import onnx

failed = 0
for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        print(f'ok {path} ir={model.ir_version} opset={model.opset_import[0].version} onnx={onnx.__version__}')
    except Exception as e:  # noqa: BLE001 - report every failure
        failed += 1
        print(f'FAIL {path}: {type(e).__name__}: {e}')
sys.exit(1 if failed else 0)
