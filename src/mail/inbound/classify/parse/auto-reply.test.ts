import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../classify-message.js';

const token = 'Zz9_-AbCdEfGhIjKlMnOpQ';

describe('auto-replies and challenges', () => {
  it('takes a challenge-response message for an auto-reply', async () => {
    const challenge = [
      'From: Jane <jane@example.com>',
      `To: bounce+${token}@bounce.kindly.example`,
      'Subject: Please confirm your message [Sender Verification Request]',
      '',
      'I use a challenge-response system. Reply to confirm that you are a person.',
    ].join('\r\n');
    expect((await classifyMessage(challenge)).reports).toEqual([
      expect.objectContaining({ recipient: 'jane@example.com', reason: 'vacation', category: 'auto-reply' }),
    ]);
  });
});
