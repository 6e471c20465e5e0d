import type { Service } from '../context';
import { diagnosticsService } from './diagnostics';
import { codeActionsService } from './codeActions';
import { completionService } from './completion';
import { hoverService } from './hover';
import { symbolsService } from './symbols';
import { definitionService } from './definition';
import { referencesService } from './references';
import { foldingService } from './folding';
import { simulateService } from './simulate';

/** Every LSP feature service; each feature adds one line here. */
export const SERVICES: Service[] = [
  diagnosticsService,
  codeActionsService,
  completionService,
  hoverService,
  symbolsService,
  definitionService,
  referencesService,
  foldingService,
  simulateService,
];
