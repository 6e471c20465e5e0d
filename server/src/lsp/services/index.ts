import type { Service } from '../context';
import { diagnosticsService } from './diagnostics';
import { codeActionsService } from './codeActions';

/** Every LSP feature service; each feature adds one line here. */
export const SERVICES: Service[] = [
  diagnosticsService,
  codeActionsService,
];
