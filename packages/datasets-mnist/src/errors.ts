import { DatasetError } from '@torchlet/data';

/** An IDX file that is not what its header says: wrong magic number, unknown dtype, truncated, bad gzip. */
export class IdxFormatError extends DatasetError {}

/** The data files were not found in any of the places the loader looks. */
export class DatasetNotFoundError extends DatasetError {}

/** Image and label files that do not belong together (counts, shapes, label range). */
export class DatasetIntegrityError extends DatasetError {}

/** A download failed: HTTP error, broken transfer, or (subclass) a checksum mismatch. */
export class DownloadError extends DatasetError {
  /** the URL that failed, when one did */
  readonly url?: string;
  /** the HTTP status, when the server answered with an error */
  readonly status?: number;
  /** each mirror's failure, when every mirror was tried */
  readonly attempts: readonly DownloadError[];
  constructor(message: string, op?: string, details: { url?: string; status?: number; attempts?: readonly DownloadError[] } = {}) {
    super(message, op);
    this.url = details.url;
    this.status = details.status;
    this.attempts = details.attempts ?? [];
  }
}

/** A downloaded file whose MD5 is not the published one (corrupted or truncated transfer, wrong file). */
export class ChecksumError extends DownloadError {
  /** The published MD5 (hex). */
  readonly expected: string;
  /** The MD5 (hex) of the bytes received. */
  readonly actual: string;
  constructor(message: string, op: string | undefined, details: { url: string; expected: string; actual: string }) {
    super(message, op, { url: details.url });
    this.expected = details.expected;
    this.actual = details.actual;
  }
}
