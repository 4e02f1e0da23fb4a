/** Uploads as the readers get them: bytes in chunks of a chosen size, and everything an iterable gives. */

/** `bytes` in chunks of `size` (the last may be shorter), as a stream or an upload would give them. */
export async function* inChunks(bytes: Buffer, size = bytes.length || 1): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Every item of `items`, in order. */
export async function readAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
