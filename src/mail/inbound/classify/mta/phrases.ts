/** MTA-specific phrase tables: `[reason, phrases]` pairs, matched case-sensitively as the MTA writes them. */

export type ReasonPhrases = ReadonlyArray<readonly [string, readonly string[]]>;

/** The reason of the first pair one of whose phrases the text contains, or ''. */
export function firstReasonIn(text: string, table: ReasonPhrases): string {
  if (text === '') return '';
  for (const [reason, phrases] of table) if (phrases.some((p) => text.includes(p))) return reason;
  return '';
}

/** Like {@link firstReasonIn}, ignoring case (the table is written in lower case). */
export function firstReasonInLower(text: string, table: ReasonPhrases): string {
  return firstReasonIn(text.toLowerCase(), table);
}
