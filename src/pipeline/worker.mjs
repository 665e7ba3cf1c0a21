// Worker thread bootstrap: workers do not inherit the main thread's tsx loader, so register
// it here before importing the TypeScript worker module.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
