/**
 * Header blocks (`Name: value` lines, folded lines continuing the previous one), as found at the top
 * of a message, in a message/rfc822 or text/rfc822-headers part, or in a DSN's field groups.
 */

/** Lower-cased field name → the unfolded values, in order of appearance. */
export type HeaderMap = Map<string, string[]>;

const fieldLine = /^([!-9;-~]{1,76}):[ \t]?(.*)$/;

/**
 * Parses the header lines at the start of `text` (stops at the first empty line, or at the first
 * line that is neither a field nor a continuation when `lenient` is false).
 */
export function parseHeaderBlock(text: string, lenient = false): HeaderMap {
  const map: HeaderMap = new Map();
  let name = '';
  let value = '';
  const flush = () => {
    if (name === '') return;
    const list = map.get(name) ?? [];
    list.push(value.trim());
    map.set(name, list);
    name = '';
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (name === '' && map.size === 0) continue;
      break;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && name !== '') {
      value += ` ${line.trim()}`;
      continue;
    }
    const m = fieldLine.exec(line);
    if (m === null) {
      if (lenient) continue;
      break;
    }
    flush();
    name = (m[1] ?? '').toLowerCase();
    value = m[2] ?? '';
  }
  flush();
  return map;
}

/** The first value of a field, or ''. */
export function first(map: HeaderMap, name: string): string {
  return map.get(name)?.[0] ?? '';
}

/** Normalises line endings to LF. */
export function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Splits a header map back into plain `Name: value` pairs (first value of each), for reports. */
export function toRecord(map: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of map) out[name] = values[0] ?? '';
  return out;
}
