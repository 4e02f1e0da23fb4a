/**
 * Whether a message carries a postal address, as CAN-SPAM (15 U.S.C. 7704(a)(5)(A)(iii)) and the
 * German Impressum duty (§ 5 DDG) ask of commercial mail. A heuristic over the body's lines: a street
 * with a house number (English "1 Example Street", German "Am Strandkai 1", "Musterstraße 5"), a
 * post-office box, or a postcode with a town on a line that reads like an address (it has a comma).
 * It can miss an address written some other way; docs/inspect.md says so.
 */

const streetWords =
  'Street|St|Avenue|Ave|Road|Rd|Way|Court|Ct|Lane|Ln|Boulevard|Blvd|Drive|Dr|Place|Pl|Square|Sq|Parkway|Pkwy|Terrace|Close|Crescent|Row|Highway|Hwy';

const patterns: RegExp[] = [
  // 1 Example Street, 1000 West Maude Avenue, 1 Meta Way
  new RegExp(`\\b\\d{1,6}[A-Za-z]?\\s+(?:[\\p{Lu}][\\p{L}.'-]*\\s+){1,4}(?:${streetWords})\\b\\.?`, 'u'),
  // Musterstraße 5, Hauptstr. 12, Am Strandkai 1, Rue de Rivoli 10
  /\b[\p{Lu}][\p{L}-]*(?:straße|strasse|str\.|weg|platz|allee|ring|gasse|kai|damm|ufer|chaussee)\s+\d{1,5}[a-z]?\b/iu,
  /\b(?:Am|An der|Im|Auf der|Rue|Via|Calle|Avenida)\s+[\p{Lu}][\p{L}-]+\s+\d{1,5}[a-z]?\b/u,
  /\b(?:P\.?\s?O\.?\s+Box|Postfach|Boîte postale|Apartado)\s+\d+/i,
];

/** A postcode followed or preceded by a town: 20457 Hamburg, CA 94085, EX1 2MP, 75001 Paris. */
const postcode =
  /\b\d{4,5}\s+[\p{Lu}][\p{L}-]+|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/u;

/**
 * The first line of `text` that looks like a postal address, trimmed; null when none does.
 * `text` is the message body as plain text.
 */
export function findPostalAddress(text: string): string | null {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line.length < 6 || line.length > 300 || /https?:\/\//i.test(line)) continue;
    if (patterns.some((pattern) => pattern.test(line))) return line;
    if (line.includes(',') && postcode.test(line)) return line;
  }
  return null;
}
