import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * An import's input: the named file as a stream with its size (for a progress bar), or stdin for `-`;
 * or why it cannot be read. `encoding` makes the stream give text instead of bytes.
 */
export async function openInput(
  file: string,
  stdin: () => Readable,
  encoding?: BufferEncoding,
): Promise<{ input: Readable; size?: number } | string> {
  if (file === '-') return { input: stdin() };
  try {
    const handle = await open(file, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return 'it is not a file';
    }
    return { input: handle.createReadStream(encoding ? { encoding } : {}), size: stat.size };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
