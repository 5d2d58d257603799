/** Where data files are read from: a folder (Node) or a base URL (fetch). */
export interface FileSource {
  /** the full path or URL of a file, for messages */
  locate(file: string): string;
  /** the file's bytes, or null when there is no such file */
  read(file: string): Promise<Uint8Array | null>;
}

/** Join a base URL (absolute or relative) and a file name with exactly one slash. */
export function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}
