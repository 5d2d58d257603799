// The tutorial CNN (Net1) at batch `B` as raw tensor ops, with a hand-written SGD step: what
// compare.bench.mjs times against TF.js and profile-net1.mjs splits per kernel. `T` is
// @torchlet/tensor, `noGrad` @torchlet/autograd's; `generator` is optional.
export function net1(T, noGrad, { device, generator, B = 64 }) {
  const p = (scale, ...shape) => T.randn(shape, { device, generator }).mul(scale).detach().requiresGrad_();
  const params = [
    p(0.2, 10, 1, 5, 5),
    p(0.1, 10),
    p(0.06, 20, 10, 5, 5),
    p(0.1, 20),
    p(0.05, 320, 50),
    p(0.1, 50),
    p(0.14, 50, 10),
    p(0.1, 10),
  ];
  const [w1, b1, w2, b2, w3, b3, w4, b4] = params;
  const x = T.randn([B, 1, 28, 28], { device, generator });
  const targets = T.randn([B, 10], { device, generator }).softmax(1);
  const forward = (x) => {
    let h = T.maxPool2d(T.conv2d(x, w1, b1), 2).relu();
    h = T.maxPool2d(T.conv2d(h, w2, b2), 2).relu();
    h = h.view(-1, 320).matmul(w3).add(b3).relu();
    return h.matmul(w4).add(b4).logSoftmax(1);
  };
  /** One training step; returns the loss, detached (the caller disposes it). */
  const step = () =>
    T.scope(() => {
      const l = forward(x).mul(targets).sum(1).mean().neg();
      l.backward();
      noGrad(() => {
        for (const q of params) {
          q.sub_(q.grad.mul(0.01));
          q.grad.dispose();
          q.grad = null;
        }
      });
      return l.detach();
    });
  return { params, step };
}
