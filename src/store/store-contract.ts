/**
 * The one storage contract: every backend's Store must pass it. A backend's test file calls
 * `describeStoreContract` with a function that opens an empty, migrated store before each case.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../core/ports.js';
import { apiTokenContract } from './contract/api-token-contract.js';
import { contactContract } from './contract/contact-contract.js';
import type { ContractContext } from './contract/fixtures.js';
import { handoffContract } from './contract/handoff-contract.js';
import { invitationContract } from './contract/invitation-contract.js';
import { memberContract } from './contract/member-contract.js';
import { messageContract } from './contract/message-contract.js';
import { recordContract } from './contract/record-contract.js';
import { rulesContract } from './contract/rules-contract.js';
import { suppressionListContract } from './contract/suppression-list-contract.js';
import { transactionContract } from './contract/transaction-contract.js';

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
}

export function describeStoreContract(
  name: string,
  open: () => Promise<OpenedStore>,
  options: { skip?: boolean } = {},
): void {
  describe.skipIf(options.skip ?? false)(`storage contract: ${name}`, () => {
    let opened: OpenedStore | undefined;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      const done = opened;
      opened = undefined;
      await done?.cleanup();
    });
    const ctx: ContractContext = {
      get store(): Store {
        if (!opened) throw new Error('no store is open');
        return opened.store;
      },
    };
    describe('members and connections', () => memberContract(ctx));
    describe('invitations', () => invitationContract(ctx));
    describe('outbox messages', () => messageContract(ctx));
    describe('outbox hand-off', () => handoffContract(ctx));
    describe('suppressions, tokens, events, dev mail', () => recordContract(ctx));
    describe('the suppression list, page by page', () => suppressionListContract(ctx));
    describe('consent rules', () => rulesContract(ctx));
    describe('API tokens', () => apiTokenContract(ctx));
    describe('transactions and readiness', () => transactionContract(ctx));
    describe('address books, imports, settings and leaving', () => contactContract(ctx));
  });
}
