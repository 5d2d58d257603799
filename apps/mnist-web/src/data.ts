// Real MNIST from the page's own origin: the gzipped IDX files that scripts/assets.mjs put under
// public/mnist/, read by @torchlet/datasets-mnist through a fetch that reports progress.
import * as torch from 'torchlet';

export interface Split {
  /** images as normalised float32 [1, 28, 28] tensors, labels as numbers (the tutorial's transform) */
  dataset: torch.Dataset<[torch.Tensor, number]>;
  /** the raw pixels (0-255), 784 per image */
  images: Uint8Array;
  labels: Uint8Array;
}

export interface Mnist {
  train: Split;
  test: Split;
  source: string;
}

interface Manifest {
  source: string;
  files: Record<string, number>;
}

/** Load both splits; `onProgress(bytes, totalBytes)` while the files arrive. */
export async function loadMnist(onProgress: (loaded: number, total: number) => void): Promise<Mnist> {
  const root = new URL(`${import.meta.env.BASE_URL}mnist/`, self.location.origin).href;
  const res = await fetch(new URL('manifest.json', root));
  if (!res.ok)
    throw new Error(
      `the MNIST files are missing here (${root}manifest.json answered HTTP ${res.status}); build the app's assets with pnpm build`,
    );
  const manifest = (await res.json()) as Manifest;
  const total = Object.values(manifest.files).reduce((a, b) => a + b, 0);
  let loaded = 0;
  // the dataset asks for the names torchvision uses, plain and .gz; only the manifest's exist here,
  // so the others are answered without a request (no 404s in the console)
  const progressFetch = async (url: string): Promise<Response> => {
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (!(name in manifest.files)) return new Response(null, { status: 404, statusText: 'Not Found' });
    const r = await fetch(url);
    if (!r.ok || !r.body) return r;
    const chunks: Uint8Array[] = [];
    const reader = r.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress(Math.min(loaded, total), total);
    }
    return new Response(new Blob(chunks as BlobPart[]));
  };
  const transform = torch.data.compose([torch.data.toTensor(), torch.data.normalize(0.1307, 0.3081)]);
  const options = { root, transform, fetch: progressFetch, usePackage: false };
  const [train, test] = await Promise.all([
    torch.datasets.MNIST.load({ ...options, train: true }),
    torch.datasets.MNIST.load({ ...options, train: false }),
  ]);
  const split = (d: typeof train): Split => ({ dataset: d as unknown as Split['dataset'], images: d.images, labels: d.labels });
  return {
    train: split(train),
    test: split(test),
    source: `${manifest.source}, ${train.length.toLocaleString('en')} training and ${test.length.toLocaleString('en')} test images`,
  };
}
