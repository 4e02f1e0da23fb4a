/**
 * A fault of the classifier itself is visible to its callers (and to the tests that feed it random
 * bytes and whole corpora): it raises ClassifierError rather than answering "not a bounce".
 */
import { describe, expect, it, vi } from 'vitest';
import { ClassifierError, classifyMessage } from './classify-message.js';

vi.mock('./mta/families.js', () => ({
  families: [],
  findByMtaFamily: () => {
    throw new TypeError('a reader broke');
  },
}));

describe('a failure inside the classifier', () => {
  it('raises ClassifierError with the cause, instead of answering not a bounce', async () => {
    const bounce =
      'From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered Mail\r\n\r\n550 5.1.1 gone\r\n';
    const failure = classifyMessage(bounce);
    await expect(failure).rejects.toBeInstanceOf(ClassifierError);
    await expect(failure).rejects.toMatchObject({ cause: expect.any(TypeError) });
  });
});
