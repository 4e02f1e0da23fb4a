// Built once: constructing an Intl formatter is far costlier than using one.
const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/**
 * `3 March 2026`. UTC because the server cannot know the recipient's zone, and a date that shifts
 * with the machine's zone would make the disclosed reminder dates disagree between workers.
 */
export function formatDate(date: Date): string {
  return longDate.format(date);
}
