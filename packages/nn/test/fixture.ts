import nnFixture from '../../conformance/fixtures/nn.json';

/** How PyTorch prints assorted layers (the numeric nn fixtures run in @torchlet/conformance on every backend). */
export const fixture = nnFixture as unknown as { reprs: Record<string, string> };
