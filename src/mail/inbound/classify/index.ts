export type {
  BounceCategory,
  ClassifiedMessage,
  OriginalMessageInfo,
  RecipientReport,
} from './bounce-report.js';
export { ClassifierError, type ClassifyOptions, classifyMessage } from './classify-message.js';
