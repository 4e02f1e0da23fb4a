export type {
  BounceCategory,
  ClassifiedMessage,
  OriginalMessageInfo,
  RecipientReport,
} from './bounce-report.js';
export { classifyMessage } from './classify-message.js';
