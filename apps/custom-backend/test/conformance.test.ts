import { runConformance } from '@torchlet/conformance';
import { registerTracingBackend } from '../src/tracing-backend.js';

// The custom backend passes the same suite as the built-in ones.
runConformance('traced', { setup: () => void registerTracingBackend('traced') });
